import "server-only";
import { config } from "../server/config";

// The client's address, for rate limits and the login history. Next.js forwards a
// client-sent X-Forwarded-For untouched, so lib/server/request-guard.mjs overwrites it with the
// socket address unless TRUST_PROXY is set. Behind N trusted proxies (TRUST_PROXY=N), each
// appends the address it received from, so the client is the N-th entry from the right.
export function clientIp(headers: Headers): string {
  const forwarded = headers.get("x-forwarded-for");
  const entries =
    forwarded
      ?.split(",")
      .map((s) => s.trim())
      .filter(Boolean) ?? [];
  const hops = config().trustProxyHops;
  const ip = hops > 0 ? entries[Math.max(0, entries.length - hops)] : entries[0];
  return ip?.replace(/^::ffff:/, "") || "unknown";
}
