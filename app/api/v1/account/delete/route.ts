import { deletionRequestedMessage, requestAccountDeletion } from "@/lib/account-deletion";
import { clientIp } from "@/lib/client-ip";
import { json, readJson, route } from "@/lib/http";
import { accountDeleteRequest } from "@/lib/schemas";

export const POST = route(async (request) => {
  const { email, password } = await readJson(request, accountDeleteRequest);
  await requestAccountDeletion(email, password, { ip: clientIp(request.headers) });
  return json({ message: deletionRequestedMessage(email) }, 202);
});
