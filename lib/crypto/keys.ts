import "server-only";
import { authSecret } from "../server/config";
import { deriveKey } from "./primitives";

// One derived key per purpose; rotating AUTH_SECRET rotates them all (and so ends every
// session, browser or API, and forgets every rate-limit count).
let keys:
  | {
      totp: Buffer;
      email: Buffer;
      codes: Buffer;
      handoff: Buffer;
      sessions: Buffer;
      rateLimits: Buffer;
      logs: Buffer;
    }
  | undefined;

export function secretKeys() {
  const secret = authSecret();
  keys ??= {
    totp: deriveKey(secret, "totp-secret-encryption"),
    email: deriveKey(secret, "email-body-encryption"),
    codes: deriveKey(secret, "code-hashing"),
    handoff: deriveKey(secret, "enrolment-handoff"),
    sessions: deriveKey(secret, "session-token-hashing"),
    rateLimits: deriveKey(secret, "rate-limit-keys"),
    logs: deriveKey(secret, "log-email-hmac"),
  };
  return keys;
}
