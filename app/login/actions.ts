"use server";

import { redirect } from "next/navigation";
import { completeLogin, requestLogin, type LoginProof } from "@/lib/flows/login";
import { PAGES } from "@/lib/shared/routes";
import { emailOnlyRequest, loginByCodeForm, loginFactorsForm } from "@/lib/shared/schemas";
import type { RequestContext } from "@/lib/shared/request-context";
import { formAction } from "@/lib/web/actions";
import { SESSION_HANDOFF, signIn } from "@/lib/web/auth";
import { forgetLinkToken, requireLinkToken } from "@/lib/web/link-token";
import { forgetPendingLogin, rememberPendingLogin } from "@/lib/web/pending-login";
import { isHttps } from "@/lib/web/request-context";

export const requestLoginAction = formAction(
  emailOnlyRequest,
  async ({ email }, ctx) => {
    const message = await requestLogin(email, ctx);
    await rememberPendingLogin(email, await isHttps());
    return { status: "success", message, values: { email } };
  },
  ["email"],
);

export async function startOverAction(): Promise<void> {
  await forgetPendingLogin();
  redirect(PAGES.login);
}

// Signs in through Auth.js with the session lib/flows/login.ts created; signIn redirects.
async function finishLogin(
  proof: LoginProof,
  factors: { password: string; totp?: string; recoveryCode?: string },
  ctx: RequestContext,
): Promise<never> {
  const { session } = await completeLogin(proof, factors, "BROWSER", ctx);
  if ("token" in proof) await forgetLinkToken("LOGIN");
  await forgetPendingLogin();
  return signIn(SESSION_HANDOFF, {
    sessionToken: session.token,
    redirectTo: PAGES.loginSuccess,
  }) as Promise<never>;
}

export const completeWithLinkAction = formAction(loginFactorsForm, async (factors, ctx) =>
  finishLogin({ token: await requireLinkToken() }, factors, ctx),
);

export const completeWithCodeAction = formAction(
  loginByCodeForm,
  async ({ email, code, ...factors }, ctx) => finishLogin({ email, code }, factors, ctx),
  ["email"],
);
