import { listSessions, revokeOtherSessions } from "@/lib/auth/sessions";
import { bearerSession, json, route } from "@/lib/web/http";
import { sessionsBody } from "@/lib/web/presenters";
import { contextOf } from "@/lib/web/request-context";

export const GET = route(async (request) => {
  const session = await bearerSession(request);
  return json(sessionsBody(await listSessions(session.userId, session.id)));
});

/** Ends every session of the account but the one this request is made with. */
export const DELETE = route(async (request) => {
  const session = await bearerSession(request);
  await revokeOtherSessions(session.userId, session.id, contextOf(request.headers));
  return new Response(null, { status: 204 });
});
