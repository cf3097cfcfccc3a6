import { regenerateRecoveryCodes } from "@/lib/flows/recovery-codes";
import { accountMessages } from "@/lib/shared/messages";
import { regenerateRecoveryCodesForm } from "@/lib/shared/schemas";
import { bearerSession, json, readJson, route } from "@/lib/web/http";
import { contextOf } from "@/lib/web/request-context";

export const POST = route(async (request) => {
  const session = await bearerSession(request);
  const { password, totp } = await readJson(request, regenerateRecoveryCodesForm);
  const recoveryCodes = await regenerateRecoveryCodes(
    session.userId,
    password,
    totp,
    contextOf(request.headers),
  );
  return json({ message: accountMessages.recoveryCodesReplaced, recoveryCodes });
});
