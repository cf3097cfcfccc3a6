import { changePassword } from "@/lib/flows/password-change";
import { passwordChangeRequest } from "@/lib/shared/schemas";
import { bearerSession, json, readJson, route } from "@/lib/web/http";
import { contextOf } from "@/lib/web/request-context";

export const POST = route(async (request) => {
  const session = await bearerSession(request);
  const input = await readJson(request, passwordChangeRequest);
  const message = await changePassword(
    session.userId,
    session.id,
    input,
    contextOf(request.headers),
  );
  return json({ message });
});
