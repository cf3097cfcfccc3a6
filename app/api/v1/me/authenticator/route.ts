import { startAuthenticatorReplacement } from "@/lib/flows/authenticator-replacement";
import { authenticatorMessages } from "@/lib/shared/messages";
import { authenticatorRequest } from "@/lib/shared/schemas";
import { bearerSession, json, readJson, route } from "@/lib/web/http";
import { contextOf } from "@/lib/web/request-context";

export const POST = route(async (request) => {
  const session = await bearerSession(request);
  const input = await readJson(request, authenticatorRequest);
  const totp = await startAuthenticatorReplacement(
    session.userId,
    input,
    contextOf(request.headers),
  );
  return json({ message: authenticatorMessages.issued, totp });
});
