import "server-only";
import { cookies } from "next/headers";
import type { TokenPurpose } from "./generated/prisma/client";
import { LINK_TOKEN_COOKIE } from "./link-token-cookie";
import { linkTokenSchema } from "./schemas";
import { checkLink } from "./tokens";

/** The token of the link that opened this page (see lib/link-token-cookie.ts). */
export async function linkTokenFromCookie(): Promise<string | undefined> {
  return (await cookies()).get(LINK_TOKEN_COOKIE)?.value;
}

export async function forgetLinkToken(path: string): Promise<void> {
  (await cookies()).delete({ name: LINK_TOKEN_COOKIE, path });
}

/**
 * For a page opened by an emailed link: the link's token, or why it cannot be used.
 * Read-only, as such pages are fetched by mail scanners too.
 */
export async function linkOnThisPage(
  purpose: TokenPurpose,
): Promise<{ token: string; problem: null } | { token: null; problem: string }> {
  const parsed = linkTokenSchema.safeParse(await linkTokenFromCookie());
  if (!parsed.success)
    return { token: null, problem: "This link is not valid. Use the link from the latest email." };
  const problem = await checkLink(parsed.data, purpose);
  return problem ? { token: null, problem } : { token: parsed.data, problem: null };
}
