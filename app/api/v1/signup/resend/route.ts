import { clientIp } from "@/lib/client-ip";
import { json, readJson, route } from "@/lib/http";
import { emailOnlyRequest } from "@/lib/schemas";
import { resendSignup, signupRequestedMessage } from "@/lib/signup";

export const POST = route(async (request) => {
  const { email } = await readJson(request, emailOnlyRequest);
  await resendSignup(email, { ip: clientIp(request.headers) });
  return json({ message: signupRequestedMessage(email) }, 202);
});
