import { basicCredentials, json, readJson, route } from "@/lib/http";
import { activationBody } from "@/lib/presenters";
import { emailSchema, signupActivateRequest } from "@/lib/schemas";
import { activateWithCode } from "@/lib/signup";
import { parseOrThrow } from "@/lib/validation";

export const POST = route(async (request) => {
  const credentials = basicCredentials(request);
  const email = parseOrThrow(emailSchema, credentials.email);
  const { code } = await readJson(request, signupActivateRequest);
  return json(activationBody(await activateWithCode(email, credentials.password, code)));
});
