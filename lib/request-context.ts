import "server-only";
import { headers } from "next/headers";
import { clientIp } from "./client-ip";
import { config } from "./config";

// Facts about the current request that server actions need (route handlers read them
// from their Request).

export async function actionContext() {
  const h = await headers();
  return { ip: clientIp(h), userAgent: h.get("user-agent") ?? undefined };
}

/** Cookies get `Secure` when the site is served over HTTPS. */
export async function isHttps(): Promise<boolean> {
  const proto = (await headers()).get("x-forwarded-proto");
  return proto === "https" || (!proto && config().appUrl.startsWith("https:"));
}
