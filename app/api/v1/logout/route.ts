import { bearerSession, route } from "@/lib/web/http";
import { revokeSession } from "@/lib/auth/sessions";
import { contextOf } from "@/lib/web/request-context";

export const POST = route(async (request) => {
  const session = await bearerSession(request);
  await revokeSession(session.userId, session.id, contextOf(request.headers), "logged out");
  return new Response(null, { status: 204 });
});
