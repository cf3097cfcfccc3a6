import "server-only";
import { PrismaAdapter } from "@auth/prisma-adapter";
import NextAuth, { type DefaultSession } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { redirect } from "next/navigation";
import { cache } from "react";
import { authSecret } from "../server/config";
import { db } from "../server/db";
import {
  findSession,
  findSessionById,
  type LiveSession,
  SESSION_TTL_SECONDS,
} from "../auth/sessions";
import { PAGES } from "../shared/routes";

// Browser sessions through Auth.js v5. Credentials sign-in forces JWT sessions, so the
// (encrypted) JWT carries the token of a server-side session row (lib/auth/sessions.ts) and
// the jwt callback looks that row up on every request: revoking it signs out at once.
//
// lib/flows/login.ts does all the checking and creates the row; the provider below only turns
// a freshly created BROWSER session's token into the Auth.js cookie. Auth.js's own HTTP
// routes (/api/auth/*) are not served: its sign-out there would only clear the cookie and
// leave the session row alive; /logout deletes the row.

declare module "next-auth" {
  interface Session {
    sessionId: string;
    user: { id: string } & DefaultSession["user"];
  }
  interface User {
    sessionToken?: string;
  }
}

export const SESSION_HANDOFF = "session-handoff";

// The row the jwt callback found, kept for the rest of the request so that the page need not
// look it up again. React's cache is scoped to one server request (outside a render, such as
// in a route handler, it keeps nothing and currentSession looks the row up by id).
const checkedThisRequest = cache((): { session: LiveSession | null } => ({ session: null }));

export const { auth, signIn, signOut } = NextAuth(() => ({
  secret: authSecret(),
  trustHost: true,
  // For the User model and any future OAuth provider; sessions themselves are our rows.
  adapter: PrismaAdapter(db() as never),
  session: { strategy: "jwt", maxAge: SESSION_TTL_SECONDS },
  pages: { signIn: "/login", error: "/login" },
  providers: [
    Credentials({
      id: SESSION_HANDOFF,
      credentials: { sessionToken: {} },
      async authorize(credentials) {
        const token =
          typeof credentials.sessionToken === "string" ? credentials.sessionToken : null;
        const session = await findSession(token);
        if (!session || session.kind !== "BROWSER") return null;
        return {
          id: session.userId,
          email: session.user.email,
          name: session.user.name,
          sessionToken: token!,
        };
      },
    }),
  ],
  callbacks: {
    async jwt({ token, user }) {
      if (user?.sessionToken) token.sessionToken = user.sessionToken;
      const session = await findSession(token.sessionToken as string | undefined);
      checkedThisRequest().session = session;
      if (!session) return null;
      token.sessionId = session.id;
      token.sub = session.userId;
      token.email = session.user.email;
      token.name = session.user.name;
      return token;
    },
    session({ session, token }) {
      session.sessionId = token.sessionId as string;
      session.user.id = token.sub!;
      return session;
    },
  },
}));

/**
 * The signed-in browser user's live session with its user, or null. Cached for the request,
 * so the layout and the page share one session check, and that check is the jwt callback's.
 */
export const currentSession = cache(async (): Promise<LiveSession | null> => {
  const session = await auth();
  if (!session?.sessionId) return null;
  const checked = checkedThisRequest().session;
  if (checked?.id === session.sessionId) return checked;
  return findSessionById(session.sessionId);
});

/** The signed-in browser user's session, for pages and actions that need one: else to /login. */
export async function requireSession() {
  const session = await currentSession();
  if (!session) redirect(PAGES.login);
  return session;
}
