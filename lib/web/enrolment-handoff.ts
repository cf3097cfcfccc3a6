import "server-only";
import { cookies } from "next/headers";
import { z } from "zod";
import { decrypt, encrypt, randomToken } from "../crypto/primitives";
import { db } from "../server/db";
import { secretKeys } from "../crypto/keys";
import { COOKIES } from "../shared/routes";
import type { Activation } from "../flows/signup";

// Carries a fresh activation (TOTP key, recovery codes) from the confirmation action to
// the page that shows it, in an encrypted, HttpOnly cookie scoped to that page and valid
// for ten minutes. A redirect-after-POST then works with and without JavaScript, and the
// secrets are never stored server-side in clear nor put in a URL.
//
// Shown once means once: the cookie also names a OneTimeView row, and showing the secrets
// deletes it, so a reload (or anyone who gets at the browser later) sees them no more.

const { name: COOKIE, path: ENROLMENT_PATH, maxAgeSeconds: LIFETIME_SECONDS } = COOKIES.enrolment;

const handoffSchema = z.object({
  viewId: z.string(),
  userId: z.string(),
  email: z.string(),
  secret: z.string(),
  uri: z.string(),
  recoveryCodes: z.array(z.string()),
  expiresAt: z.number(),
});

export type Enrolment = z.infer<typeof handoffSchema>;

export async function saveEnrolment(activation: Activation, secure: boolean): Promise<void> {
  const expiresAt = Date.now() + LIFETIME_SECONDS * 1000;
  const view = await db().oneTimeView.create({
    data: { id: randomToken(), expiresAt: new Date(expiresAt) },
  });
  const enrolment: Enrolment = {
    viewId: view.id,
    userId: activation.user.id,
    email: activation.user.email,
    secret: activation.totp.secret,
    uri: activation.totp.uri,
    recoveryCodes: activation.recoveryCodes,
    expiresAt,
  };
  (await cookies()).set(COOKIE, encrypt(secretKeys().handoff, JSON.stringify(enrolment)), {
    httpOnly: true,
    sameSite: "strict",
    secure,
    path: ENROLMENT_PATH,
    maxAge: LIFETIME_SECONDS,
  });
}

async function readCookie(): Promise<Enrolment | null> {
  const sealed = (await cookies()).get(COOKIE)?.value;
  if (!sealed) return null;
  try {
    const enrolment = handoffSchema.parse(JSON.parse(decrypt(secretKeys().handoff, sealed)));
    return enrolment.expiresAt > Date.now() ? enrolment : null;
  } catch {
    return null;
  }
}

/** The new key and codes, the first time they are asked for; null ever after. */
export async function takeEnrolment(): Promise<Enrolment | null> {
  const enrolment = await readCookie();
  if (!enrolment) return null;
  const { count } = await db().oneTimeView.deleteMany({
    where: { id: enrolment.viewId, expiresAt: { gt: new Date() } },
  });
  return count === 1 ? enrolment : null;
}

/** Who just activated in this browser (for the set-up check), without the secrets. */
export async function enrolledAccount(): Promise<Pick<Enrolment, "userId" | "email"> | null> {
  const enrolment = await readCookie();
  return enrolment && { userId: enrolment.userId, email: enrolment.email };
}

export async function clearEnrolment(): Promise<void> {
  (await cookies()).delete({ name: COOKIE, path: ENROLMENT_PATH });
}
