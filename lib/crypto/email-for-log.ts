import "server-only";
import { config } from "../server/config";
import { secretKeys } from "./keys";
import { keyedHash } from "./primitives";

/**
 * An address as the log shows it: an HMAC (under a key derived from AUTH_SECRET), so lines
 * about one address can be matched without the log holding the address; in clear only with
 * LOG_EMAILS=1.
 */
export function emailForLog(email: string): string {
  if (config().log.emails) return email;
  return `hmac:${keyedHash(secretKeys().logs, email.trim().toLowerCase()).slice(0, 22)}`;
}
