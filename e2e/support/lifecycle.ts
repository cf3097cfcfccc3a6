import { baseUrl, call, post, STRONG_PASSWORD } from "./api";
import { postForMail, SUBJECT } from "./adversary";
import { bearer, type LoginAnswer } from "./login";
import type { Mail } from "./mailbox";

// Helpers for the tests of an account's lifecycle through the API (SPEC 1.4): forgotten and
// changed passwords, a new authenticator, new recovery codes, sessions.

/** A new password under the policy, other than the one every test account starts with. */
export const NEW_PASSWORD = `${STRONG_PASSWORD} renewed`;

/** A success's fields, or a problem's. */
export type Answer = Partial<LoginAnswer> & {
  recoveryCodes?: string[];
  totp?: { secret: string; uri: string; qrSvg: string };
};

interface Options {
  server?: string;
  headers?: Record<string, string>;
}

/** Asks for a password reset and returns the (new) mail with its link and code. */
export function requestResetMail(email: string, { server = baseUrl(), headers }: Options = {}) {
  return postForMail(server, "/api/v1/password/forgot", { email }, email, SUBJECT.reset, {
    headers,
  });
}

export const resetPassword = (body: Record<string, unknown>, options: Options = {}) =>
  post<Answer>("/api/v1/password/reset", body, options);

/** A signed-in request with `accessToken`. */
function signedIn(
  method: string,
  path: string,
  accessToken: string,
  body: unknown,
  { server, headers }: Options,
) {
  return call<Answer>(method, path, {
    server,
    body,
    headers: { ...headers, ...bearer(accessToken) },
  });
}

export const changePassword = (accessToken: string, body: unknown, options: Options = {}) =>
  signedIn("POST", "/api/v1/me/password", accessToken, body, options);

export const replaceAuthenticator = (accessToken: string, body: unknown, options: Options = {}) =>
  signedIn("POST", "/api/v1/me/authenticator", accessToken, body, options);

export const confirmAuthenticator = (accessToken: string, totp: string, options: Options = {}) =>
  signedIn("POST", "/api/v1/me/authenticator/confirm", accessToken, { totp }, options);

export const regenerateRecoveryCodes = (
  accessToken: string,
  body: unknown,
  options: Options = {},
) => signedIn("POST", "/api/v1/me/recovery-codes", accessToken, body, options);

export interface SessionView {
  id: string;
  kind: "BROWSER" | "API";
  device: string;
  ip: string | null;
  createdAt: string;
  lastSeenAt: string;
  current: boolean;
}

export const listSessions = (accessToken: string, options: Options = {}) =>
  call<{ sessions: SessionView[] }>("GET", "/api/v1/me/sessions", {
    ...options,
    headers: { ...options.headers, ...bearer(accessToken) },
  });

export const endSession = (accessToken: string, id: string, options: Options = {}) =>
  signedIn(
    "DELETE",
    `/api/v1/me/sessions/${encodeURIComponent(id)}`,
    accessToken,
    undefined,
    options,
  );

export const endOtherSessions = (accessToken: string, options: Options = {}) =>
  signedIn("DELETE", "/api/v1/me/sessions", accessToken, undefined, options);

/** The facts a notice states, read from its text part: when, from which device, which address. */
export function noticeFacts(mail: Mail): { when: string; device: string; ip: string } {
  const fact = (label: string) => {
    const match = new RegExp(`^${label}: (.+)$`, "m").exec(mail.text);
    if (!match) throw new Error(`No "${label}" in the notice: ${mail.text}`);
    return match[1]!;
  };
  return { when: fact("When"), device: fact("Device"), ip: fact("IP address") };
}
