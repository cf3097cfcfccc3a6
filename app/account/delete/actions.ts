"use server";

import { redirect } from "next/navigation";
import {
  confirmAccountDeletion,
  deletionRequestedMessage,
  requestAccountDeletion,
} from "@/lib/account-deletion";
import { formFailure, parseForm, type FormState } from "@/lib/form-state";
import { forgetLinkToken, linkTokenFromCookie } from "@/lib/link-token";
import { actionContext } from "@/lib/request-context";
import { accountDeleteRequest, linkTokenSchema } from "@/lib/schemas";

export async function requestDeletionAction(
  _state: FormState,
  formData: FormData,
): Promise<FormState> {
  const parsed = parseForm(accountDeleteRequest, formData, ["email"]);
  if (!parsed.ok) return parsed.state;
  try {
    await requestAccountDeletion(parsed.data.email, parsed.data.password, await actionContext());
  } catch (error) {
    return formFailure(error, { email: parsed.data.email });
  }
  return { status: "success", message: deletionRequestedMessage(parsed.data.email) };
}

/** On success, redirects to /account/delete/done (the token page would now say "used"). */
export async function confirmDeletionAction(): Promise<FormState> {
  const token = linkTokenSchema.safeParse(await linkTokenFromCookie());
  if (!token.success) return { status: "error", message: "This link is not valid." };
  try {
    await confirmAccountDeletion(token.data);
  } catch (error) {
    return formFailure(error);
  }
  await forgetLinkToken("/account/delete/confirm");
  redirect("/account/delete/done");
}
