import "server-only";
import { cookies } from "next/headers";
import { checkLink, failures } from "../auth/tokens";
import type { TokenPurpose } from "../generated/prisma/client";
import { COOKIES, LINK_PAGES } from "../shared/routes";
import { linkTokenSchema } from "../shared/schemas";

// The token of the emailed link that opened this page. proxy.ts has moved it from the URL
// into a cookie scoped to the page (lib/shared/routes.ts says why); this is the one place
// that reads it back.

/** The link's token, if the cookie holds something shaped like one. */
export async function linkToken(): Promise<string | null> {
  const parsed = linkTokenSchema.safeParse((await cookies()).get(COOKIES.linkToken.name)?.value);
  return parsed.success ? parsed.data : null;
}

/** For an action posted from a link's page: the token, or the 410 of a link that is not valid. */
export async function requireLinkToken(): Promise<string> {
  const token = await linkToken();
  if (!token) throw failures.invalid();
  return token;
}

export async function forgetLinkToken(purpose: TokenPurpose): Promise<void> {
  (await cookies()).delete({ name: COOKIES.linkToken.name, path: LINK_PAGES[purpose] });
}

/**
 * For a page opened by an emailed link: the link's token, or why it cannot be used.
 * Read-only, as such pages are fetched by mail scanners too.
 */
export async function linkOnThisPage(
  purpose: TokenPurpose,
): Promise<{ token: string; problem: null } | { token: null; problem: string }> {
  const token = await linkToken();
  const problem = token ? await checkLink(token, purpose) : failures.invalid().message;
  return problem ? { token: null, problem } : { token: token!, problem: null };
}
