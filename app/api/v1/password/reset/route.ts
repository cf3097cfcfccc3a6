import { proofOf } from "@/lib/auth/emailed-proof";
import { resetPassword } from "@/lib/flows/password-reset";
import { passwordResetRequest } from "@/lib/shared/schemas";
import { json, readJson, route } from "@/lib/web/http";
import { contextOf } from "@/lib/web/request-context";

export const POST = route(async (request) => {
  const input = await readJson(request, passwordResetRequest);
  const message = await resetPassword(
    proofOf(input),
    input,
    input.newPassword,
    contextOf(request.headers),
  );
  return json({ message });
});
