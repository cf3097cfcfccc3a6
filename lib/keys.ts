import "server-only";
import { authSecret } from "./config";
import { deriveKey } from "./crypto";

// One derived key per purpose; rotating AUTH_SECRET rotates them all.
let keys: { totp: Buffer; email: Buffer; codes: Buffer; handoff: Buffer } | undefined;

export function secretKeys() {
  const secret = authSecret();
  keys ??= {
    totp: deriveKey(secret, "totp-secret-encryption"),
    email: deriveKey(secret, "email-body-encryption"),
    codes: deriveKey(secret, "code-hashing"),
    handoff: deriveKey(secret, "enrolment-handoff"),
  };
  return keys;
}
