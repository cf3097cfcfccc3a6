import { baseUrl, post, STRONG_PASSWORD } from "./api";
import { linkToken, waitForMail, type Mail } from "./mailbox";

export const SIGNUP_SUBJECT = /Confirm your Triplock account/;

export interface Activated {
  email: string;
  password: string;
  secret: string;
  recoveryCodes: string[];
}

/** Starts a sign-up and returns the confirmation mail. */
export async function signUp(
  email: string,
  password = STRONG_PASSWORD,
  server = baseUrl(),
): Promise<Mail> {
  const response = await post("/api/v1/signup", { email, password }, { server });
  if (response.status !== 202) throw new Error(`sign-up answered ${response.status}`);
  return waitForMail(server, email, SIGNUP_SUBJECT);
}

/** A complete, ACTIVE account. */
export async function activatedAccount(
  email: string,
  password = STRONG_PASSWORD,
  server = baseUrl(),
): Promise<Activated> {
  const mail = await signUp(email, password, server);
  const response = await post<{ totp: { secret: string }; recoveryCodes: string[] }>(
    "/api/v1/signup/confirm",
    { token: linkToken(mail), password },
    { server },
  );
  if (response.status !== 200) throw new Error(`confirm answered ${response.status}`);
  return {
    email,
    password,
    secret: response.body.totp.secret,
    recoveryCodes: response.body.recoveryCodes,
  };
}
