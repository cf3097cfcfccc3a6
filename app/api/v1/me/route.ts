import { bearerSession, json, route } from "@/lib/web/http";
import { meBody } from "@/lib/web/presenters";

export const GET = route(async (request) => {
  const session = await bearerSession(request);
  return json(meBody(session.user));
});
