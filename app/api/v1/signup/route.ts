import { clientIp } from "@/lib/client-ip";
import { json, readJson, route } from "@/lib/http";
import { signupRequest } from "@/lib/schemas";
import { requestSignup, signupRequestedMessage } from "@/lib/signup";

export const POST = route(async (request) => {
  const input = await readJson(request, signupRequest);
  await requestSignup(input, { ip: clientIp(request.headers) });
  return json({ message: signupRequestedMessage(input.email) }, 202);
});
