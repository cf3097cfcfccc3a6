"use server";

import { redirect } from "next/navigation";
import { confirmAccountDeletion, requestAccountDeletion } from "@/lib/flows/account-deletion";
import { PAGES } from "@/lib/shared/routes";
import { accountDeleteRequest } from "@/lib/shared/schemas";
import { z } from "zod";
import { formAction } from "@/lib/web/actions";
import { forgetLinkToken, requireLinkToken } from "@/lib/web/link-token";

export const requestDeletionAction = formAction(
  accountDeleteRequest,
  async ({ email, password }, ctx) => ({
    status: "success",
    message: await requestAccountDeletion(email, password, ctx),
  }),
  ["email"],
);

/** On success, redirects to the "deleted" page (the link's page would now say "used"). */
export const confirmDeletionAction = formAction(z.object({}), async (_, ctx) => {
  await confirmAccountDeletion(await requireLinkToken(), ctx);
  await forgetLinkToken("DELETE_ACCOUNT");
  redirect(PAGES.deletionDone);
});
