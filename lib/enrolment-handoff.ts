import "server-only";
import { cookies } from "next/headers";
import { z } from "zod";
import { decrypt, encrypt } from "./crypto";
import { secretKeys } from "./keys";
import type { Activation } from "./signup";

// Carries a fresh activation (TOTP key, recovery codes) from the confirmation action to
// the page that shows it, in an encrypted, HttpOnly cookie scoped to that page and valid
// for ten minutes. A redirect-after-POST then works with and without JavaScript, and the
// secrets are never stored server-side in clear nor put in a URL.

const COOKIE = "triplock_enrolment";
export const ENROLMENT_PATH = "/signup/complete";
const LIFETIME_SECONDS = 10 * 60;

const handoffSchema = z.object({
  userId: z.string(),
  email: z.string(),
  secret: z.string(),
  uri: z.string(),
  recoveryCodes: z.array(z.string()),
  expiresAt: z.number(),
});

export type Enrolment = z.infer<typeof handoffSchema>;

export async function saveEnrolment(activation: Activation, secure: boolean): Promise<void> {
  const enrolment: Enrolment = {
    userId: activation.user.id,
    email: activation.user.email,
    secret: activation.totp.secret,
    uri: activation.totp.uri,
    recoveryCodes: activation.recoveryCodes,
    expiresAt: Date.now() + LIFETIME_SECONDS * 1000,
  };
  (await cookies()).set(COOKIE, encrypt(secretKeys().handoff, JSON.stringify(enrolment)), {
    httpOnly: true,
    sameSite: "strict",
    secure,
    path: ENROLMENT_PATH,
    maxAge: LIFETIME_SECONDS,
  });
}

export async function readEnrolment(): Promise<Enrolment | null> {
  const sealed = (await cookies()).get(COOKIE)?.value;
  if (!sealed) return null;
  try {
    const enrolment = handoffSchema.parse(JSON.parse(decrypt(secretKeys().handoff, sealed)));
    return enrolment.expiresAt > Date.now() ? enrolment : null;
  } catch {
    return null;
  }
}

export async function clearEnrolment(): Promise<void> {
  (await cookies()).delete({ name: COOKIE, path: ENROLMENT_PATH });
}
