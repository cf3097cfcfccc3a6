import { confirmAuthenticatorReplacement } from "@/lib/flows/authenticator-replacement";
import { authenticatorConfirmRequest } from "@/lib/shared/schemas";
import { bearerSession, json, readJson, route } from "@/lib/web/http";
import { contextOf } from "@/lib/web/request-context";

export const POST = route(async (request) => {
  const session = await bearerSession(request);
  const { totp } = await readJson(request, authenticatorConfirmRequest);
  return json({
    message: await confirmAuthenticatorReplacement(
      session.userId,
      totp,
      contextOf(request.headers),
    ),
  });
});
