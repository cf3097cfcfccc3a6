import { clientIp } from "@/lib/client-ip";
import { json, readJson, route } from "@/lib/http";
import { loginRequestedMessage, requestLogin } from "@/lib/login";
import { emailOnlyRequest } from "@/lib/schemas";

export const POST = route(async (request) => {
  const { email } = await readJson(request, emailOnlyRequest);
  await requestLogin(email, { ip: clientIp(request.headers) });
  return json({ message: loginRequestedMessage(email) }, 202);
});
