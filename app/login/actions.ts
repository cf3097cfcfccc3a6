"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { signIn, SESSION_HANDOFF } from "@/lib/auth";
import { formFailure, parseForm, type FormState } from "@/lib/form-state";
import { forgetLinkToken, linkTokenFromCookie } from "@/lib/link-token";
import { completeLogin, loginRequestedMessage, requestLogin, type LoginProof } from "@/lib/login";
import { PENDING_LOGIN_COOKIE } from "@/lib/pending-login";
import { actionContext, isHttps } from "@/lib/request-context";
import {
  emailOnlyRequest,
  linkTokenSchema,
  loginByCodeForm,
  loginFactorsForm,
} from "@/lib/schemas";

export async function requestLoginAction(
  _state: FormState,
  formData: FormData,
): Promise<FormState> {
  const parsed = parseForm(emailOnlyRequest, formData, ["email"]);
  if (!parsed.ok) return parsed.state;
  try {
    await requestLogin(parsed.data.email, await actionContext());
  } catch (error) {
    return formFailure(error, { email: parsed.data.email });
  }
  // Remembers the address so the code form survives a reload or a post without JavaScript.
  (await cookies()).set(PENDING_LOGIN_COOKIE, parsed.data.email, {
    httpOnly: true,
    sameSite: "lax",
    secure: await isHttps(),
    path: "/login",
    maxAge: 30 * 60,
  });
  return {
    status: "success",
    message: loginRequestedMessage(parsed.data.email),
    values: { email: parsed.data.email },
  };
}

export async function startOverAction(): Promise<void> {
  (await cookies()).delete({ name: PENDING_LOGIN_COOKIE, path: "/login" });
  redirect("/login");
}

// Signs in through Auth.js with the session lib/login.ts created; signIn redirects.
async function finishLogin(
  proof: LoginProof,
  factors: { password: string; totp?: string; recoveryCode?: string },
  keep: Record<string, string> = {},
): Promise<FormState> {
  let sessionToken: string;
  try {
    const result = await completeLogin(proof, factors, "BROWSER", await actionContext());
    sessionToken = result.session.token;
  } catch (error) {
    return formFailure(error, keep);
  }
  if ("token" in proof) await forgetLinkToken("/login/verify");
  (await cookies()).delete({ name: PENDING_LOGIN_COOKIE, path: "/login" });
  await signIn(SESSION_HANDOFF, { sessionToken, redirectTo: "/login/success" });
  return { status: "success" };
}

export async function completeWithLinkAction(
  _state: FormState,
  formData: FormData,
): Promise<FormState> {
  const token = linkTokenSchema.safeParse(await linkTokenFromCookie());
  if (!token.success)
    return { status: "error", message: "This link is not valid. Ask for a new one." };
  const parsed = parseForm(loginFactorsForm, formData);
  if (!parsed.ok) return parsed.state;
  return finishLogin({ token: token.data }, parsed.data);
}

export async function completeWithCodeAction(
  _state: FormState,
  formData: FormData,
): Promise<FormState> {
  const parsed = parseForm(loginByCodeForm, formData, ["email"]);
  if (!parsed.ok) return parsed.state;
  const { email, code, ...factors } = parsed.data;
  return finishLogin({ email, code }, factors, { email });
}
