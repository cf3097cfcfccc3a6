import { currentSession, signOut } from "@/lib/auth";
import { revokeSession } from "@/lib/sessions";

// Navigating to /logout signs out: the session row is deleted (so the cookie is dead
// everywhere at once) and the cookie cleared, then on to /login.
async function logout(): Promise<Response> {
  const session = await currentSession();
  if (session) await revokeSession(session.userId, session.id);
  return signOut({ redirectTo: "/login", redirect: true }) as Promise<never>;
}

export const GET = logout;
export const POST = logout;
