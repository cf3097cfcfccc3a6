import { baseUrl, post, type ApiResponse } from "./api";
import { linkToken, listMail, waitForMail, type Mail } from "./mailbox";
import type { Activated } from "./signup";
import { nextTotp } from "./totp";

// Helpers for the login tests: emailed login links, TOTP codes an authenticator would show,
// and a complete login.

export const LOGIN_SUBJECT = /^Your Triplock login link$/;
export const SIGN_IN_SUBJECT = /^New sign-in to your Triplock account$/;

export interface LoginSuccess {
  message: string;
  previousLoginAt: string | null;
  accessToken: string;
  tokenType: string;
  expiresAt: string;
}

/** A login answer: the success fields, or a problem's. */
export type LoginAnswer = LoginSuccess & {
  code?: string;
  status?: number;
  detail?: string;
  errors?: Record<string, string[]>;
};

export interface Me {
  id: string;
  email: string;
  name: string | null;
  createdAt: string;
  lastLoginAt: string | null;
  previousLoginAt: string | null;
}

export { nextTotp, wrongTotp } from "./totp";

/** A numeric code of the same length that is not `code`. */
export const otherCode = (code: string) => code.replace(/\d$/, (d) => String((Number(d) + 1) % 10));

/** Asks for a login link and returns the (new) login mail. */
export async function requestLoginMail(email: string, server = baseUrl()): Promise<Mail> {
  const before = (await listMail(server, email)).filter((m) => LOGIN_SUBJECT.test(m.subject));
  const response = await post("/api/v1/login", { email }, { server });
  if (response.status !== 202) throw new Error(`login request answered ${response.status}`);
  return waitForMail(server, email, LOGIN_SUBJECT, { count: before.length + 1 });
}

/** Asks for a login link and returns the token in it. */
export async function loginLink(email: string, server = baseUrl()): Promise<string> {
  return linkToken(await requestLoginMail(email, server));
}

export const completeLogin = (body: Record<string, unknown>, server = baseUrl()) =>
  post<LoginAnswer>("/api/v1/login/complete", body, { server });

/** A full login by link, password and a fresh TOTP code; throws unless it succeeds. */
export async function logIn(
  account: Activated,
  server = baseUrl(),
): Promise<ApiResponse<LoginAnswer>> {
  const token = await loginLink(account.email, server);
  const response = await completeLogin(
    { token, password: account.password, totp: await nextTotp(account.secret) },
    server,
  );
  if (response.status !== 200)
    throw new Error(`login answered ${response.status}: ${JSON.stringify(response.body)}`);
  return response;
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
