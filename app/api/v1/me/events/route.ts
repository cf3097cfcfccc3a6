import { listEvents } from "@/lib/auth/security-events";
import { bearerSession, json, route } from "@/lib/web/http";
import { eventsBody } from "@/lib/web/presenters";

export const GET = route(async (request) => {
  const session = await bearerSession(request);
  return json(eventsBody(await listEvents(session.userId)));
});
