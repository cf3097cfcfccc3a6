import "server-only";
import { config } from "./config";

// The client's address, for rate limits and the login history. Next.js forwards a
// client-sent X-Forwarded-For untouched, so lib/request-guard.ts overwrites it with the
// socket address unless TRUST_PROXY=1, where the proxy in front appends the address it
// saw: the last entry is then the one to believe.
export function clientIp(headers: Headers): string {
  const forwarded = headers.get("x-forwarded-for");
  const entries =
    forwarded
      ?.split(",")
      .map((s) => s.trim())
      .filter(Boolean) ?? [];
  const ip = config().trustProxy ? entries.at(-1) : entries[0];
  return ip?.replace(/^::ffff:/, "") || "unknown";
}
