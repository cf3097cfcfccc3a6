import * as z from "zod/mini";
import { PASSWORD_MAX_BYTES, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "./password-limits";
import { meta } from "./schema-meta";

const length = (value: string) => [...value].length;
const bytes = (value: string) => new TextEncoder().encode(value).length;

/** The shape of a new password; the common-password check is server-side (lib/auth/passwords/hashing.ts). */
export const newPasswordSchema = meta(
  z.string({ error: "Enter a password." }).check(
    z.refine((v) => length(v) >= PASSWORD_MIN_LENGTH, {
      message: `Use at least ${PASSWORD_MIN_LENGTH} characters.`,
    }),
    z.refine((v) => length(v) <= PASSWORD_MAX_LENGTH, {
      message: `Use at most ${PASSWORD_MAX_LENGTH} characters.`,
    }),
    z.refine((v) => bytes(v) <= PASSWORD_MAX_BYTES, {
      message: `This password is longer than ${PASSWORD_MAX_BYTES} bytes once encoded (accented letters and emoji take several bytes); please use a shorter one.`,
    }),
  ),
  {
    description: `${PASSWORD_MIN_LENGTH}–${PASSWORD_MAX_LENGTH} characters and at most ${PASSWORD_MAX_BYTES} UTF-8 bytes (bcrypt's limit: longer passwords are refused, never truncated); common passwords are refused.`,
    example: "correct horse battery staple",
    minLength: PASSWORD_MIN_LENGTH,
    // The byte limit binds first: 72 bytes are at most 72 characters.
    maxLength: PASSWORD_MAX_BYTES,
  },
);

/** An existing password: only bounded, so huge inputs never reach bcrypt. */
export const passwordSchema = meta(
  z
    .string({ error: "Enter your password." })
    .check(z.minLength(1, "Enter your password."), z.maxLength(1024, "That password is too long.")),
  { example: "correct horse battery staple" },
);
