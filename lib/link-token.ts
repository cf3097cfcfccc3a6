import "server-only";
import { cookies } from "next/headers";
import { LINK_TOKEN_COOKIE } from "./link-token-cookie";

/** The token of the link that opened this page (see lib/link-token-cookie.ts). */
export async function linkTokenFromCookie(): Promise<string | undefined> {
  return (await cookies()).get(LINK_TOKEN_COOKIE)?.value;
}

export async function forgetLinkToken(path: string): Promise<void> {
  (await cookies()).delete({ name: LINK_TOKEN_COOKIE, path });
}
