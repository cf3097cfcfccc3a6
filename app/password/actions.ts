"use server";

import { redirect } from "next/navigation";
import type { EmailedProof } from "@/lib/auth/emailed-proof";
import { requestPasswordReset, resetPassword } from "@/lib/flows/password-reset";
import { PAGES } from "@/lib/shared/routes";
import type { RequestContext } from "@/lib/shared/request-context";
import { emailOnlyRequest, passwordResetByCodeForm, passwordResetForm } from "@/lib/shared/schemas";
import { formAction } from "@/lib/web/actions";
import { forgetLinkToken, requireLinkToken } from "@/lib/web/link-token";
import { forgetPendingReset, rememberPendingReset } from "@/lib/web/pending-reset";
import { isHttps } from "@/lib/web/request-context";

export const requestResetAction = formAction(
  emailOnlyRequest,
  async ({ email }, ctx) => {
    const message = await requestPasswordReset(email, ctx);
    await rememberPendingReset(email, await isHttps());
    return { status: "success", message, values: { email } };
  },
  ["email"],
);

export async function startOverAction(): Promise<void> {
  await forgetPendingReset();
  redirect(PAGES.passwordForgot);
}

// Every session of the account has ended, this browser's among them: the "done" page
// says so and offers to log in.
async function finishReset(
  proof: EmailedProof,
  { newPassword, ...factor }: { newPassword: string; totp?: string; recoveryCode?: string },
  ctx: RequestContext,
): Promise<never> {
  await resetPassword(proof, factor, newPassword, ctx);
  if ("token" in proof) await forgetLinkToken("PASSWORD_RESET");
  await forgetPendingReset();
  redirect(PAGES.passwordResetDone);
}

export const resetWithLinkAction = formAction(passwordResetForm, async (input, ctx) =>
  finishReset({ token: await requireLinkToken() }, input, ctx),
);

export const resetWithCodeAction = formAction(
  passwordResetByCodeForm,
  async ({ email, code, ...input }, ctx) => finishReset({ email, code }, input, ctx),
  ["email"],
);
