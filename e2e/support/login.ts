import { baseUrl, call, post, type ApiResponse } from "./api";
import { formBrowser, formWith, type FormBrowser } from "./forms";
import { linkToken, linkUrl, listMail, waitForMail, type Mail } from "./mailbox";
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

/** `GET /api/v1/me` with an access token: 200 while its session lives, 401 once it is ended. */
export const me = (accessToken: string, server = baseUrl()) =>
  call<Me>("GET", "/api/v1/me", { server, headers: bearer(accessToken) });

/** A login on a new link with `factors` (a password, and a TOTP or a recovery code); the answer. */
export async function loginWith(
  email: string,
  factors: { password: string; totp?: string; recoveryCode?: string },
  server = baseUrl(),
) {
  return completeLogin({ token: await loginLink(email, server), ...factors }, server);
}

/**
 * Another API session of the account, opened with its recovery code number `index` (so no
 * TOTP step is spent); the access token.
 */
export async function apiSession(account: Activated, index: number, server = baseUrl()) {
  const response = await loginWith(
    account.email,
    { password: account.password, recoveryCode: account.recoveryCodes[index] },
    server,
  );
  if (response.status !== 200)
    throw new Error(`login answered ${response.status}: ${JSON.stringify(response.body)}`);
  return response.body.accessToken;
}

/** A browser signed in through the login page (its link, password and a TOTP code). */
export async function browserSession(account: Activated, server = baseUrl()): Promise<FormBrowser> {
  const browser = formBrowser(server);
  const page = await browser.open(linkUrl(await requestLoginMail(account.email, server)));
  const form = formWith(page, ["password", "totp", "recoveryCode"]);
  const response = await browser.submit(
    page,
    form,
    { password: account.password, totp: await nextTotp(account.secret) },
    server,
  );
  if (!/\/login\/success$/.test(response.location ?? ""))
    throw new Error(`the login form answered ${response.status} → ${response.location}`);
  return browser;
}

/** Whether the browser is still signed in: /me shows the account instead of sending it to /login. */
export const stillSignedIn = async (browser: FormBrowser) =>
  (await browser.open("/me")).path === "/me";
