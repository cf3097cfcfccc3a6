import "server-only";
import { headers } from "next/headers";
import { config } from "../server/config";
import type { RequestContext } from "../shared/request-context";
import { clientIp } from "./client-ip";

// The request's facts the workflows need, read the same way for a route handler (from its
// Request) and for a page or server action (from Next.js's headers()).

export function contextOf(requestHeaders: Headers): RequestContext {
  return {
    ip: clientIp(requestHeaders),
    userAgent: requestHeaders.get("user-agent")?.slice(0, 300) ?? undefined,
  };
}

export async function actionContext(): Promise<RequestContext> {
  return contextOf(await headers());
}

/** Cookies get `Secure` when the site is served over HTTPS. */
export async function isHttps(): Promise<boolean> {
  const proto = (await headers()).get("x-forwarded-proto");
  return proto === "https" || (!proto && config().appUrl.startsWith("https:"));
}
