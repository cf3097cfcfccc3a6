import { bearerSession, route } from "@/lib/web/http";
import { revokeSession } from "@/lib/auth/sessions";

export const POST = route(async (request) => {
  const session = await bearerSession(request);
  await revokeSession(session.userId, session.id);
  return new Response(null, { status: 204 });
});
