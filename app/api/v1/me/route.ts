import { bearerSession, json, route } from "@/lib/http";
import { meBody } from "@/lib/presenters";

export const GET = route(async (request) => {
  const session = await bearerSession(request);
  return json(meBody(session.user));
});
