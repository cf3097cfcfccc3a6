import { PAGES } from "@/lib/shared/routes";
import { currentSession, signOut } from "@/lib/web/auth";
import { revokeSession } from "@/lib/auth/sessions";
import { actionContext } from "@/lib/web/request-context";

// Navigating to /logout signs out: the session row is deleted (so the cookie is dead
// everywhere at once) and the cookie cleared, then on to /login.
async function logout(): Promise<Response> {
  const session = await currentSession();
  if (session) await revokeSession(session.userId, session.id, await actionContext(), "logged out");
  return signOut({ redirectTo: PAGES.login, redirect: true }) as Promise<never>;
}

export const GET = logout;
export const POST = logout;
