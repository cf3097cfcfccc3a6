import type { Client } from "openapi-fetch";
import type { paths } from "./triplock-api";

/**
 * Sign-up, activation by code, login by code and /me, with the typed client
 * `createClient<paths>({ baseUrl: "http://localhost:3000" })`. `codeFromEmail` stands for
 * the person reading the code in their inbox, and `totpNow` for their authenticator app
 * (or `oathtool --totp -b SECRET`).
 */
export async function walkThrough(
  api: Client<paths>,
  { email, password }: { email: string; password: string },
  codeFromEmail: (email: string) => Promise<string>,
  totpNow: (secret: string) => Promise<string>,
) {
  // 1. Sign up: Triplock emails a one-time link and a code.
  const signup = await api.POST("/api/v1/signup", { body: { email, password } });
  if (signup.error) throw new Error(signup.error.detail);

  // 2. Activate with the code; HTTP Basic carries the email and the password again.
  const activation = await api.POST("/api/v1/signup/activate", {
    headers: { Authorization: `Basic ${Buffer.from(`${email}:${password}`).toString("base64")}` },
    body: { code: await codeFromEmail(email) },
  });
  if (activation.error) throw new Error(activation.error.detail);
  // Shown only this once: the key for the authenticator app, and ten recovery codes.
  const { totp, recoveryCodes } = activation.data;

  // 3. Log in: a new code by email, then the password and the authenticator's code.
  const login = await api.POST("/api/v1/login", { body: { email } });
  if (login.error) throw new Error(login.error.detail);
  const session = await api.POST("/api/v1/login/complete", {
    body: { email, code: await codeFromEmail(email), password, totp: await totpNow(totp.secret) },
  });
  if (session.error) throw new Error(session.error.detail);

  // 4. Who am I? The access token is a bearer token, revoked by POST /api/v1/logout.
  const me = await api.GET("/api/v1/me", {
    headers: { Authorization: `Bearer ${session.data.accessToken}` },
  });
  if (me.error) throw new Error(me.error.detail);
  return { me: me.data, recoveryCodes };
}
