import { revokeSession } from "@/lib/auth/sessions";
import { accountMessages } from "@/lib/shared/messages";
import { AppError } from "@/lib/shared/problems";
import { bearerSession, route } from "@/lib/web/http";
import { contextOf } from "@/lib/web/request-context";

export const DELETE = route(async (request, { params }: { params: Promise<{ id: string }> }) => {
  const session = await bearerSession(request);
  const { id } = await params;
  if (
    !(await revokeSession(session.userId, id, contextOf(request.headers), "ended through the API"))
  ) {
    throw new AppError("not_found", accountMessages.sessionNotFound);
  }
  return new Response(null, { status: 204 });
});
