import { activateWithCode } from "@/lib/flows/signup";
import { emailSchema, signupActivateRequest } from "@/lib/shared/schemas";
import { parseOrThrow } from "@/lib/shared/validation";
import { basicCredentials, json, readJson, route } from "@/lib/web/http";
import { activationBody } from "@/lib/web/presenters";
import { contextOf } from "@/lib/web/request-context";

export const POST = route(async (request) => {
  const credentials = basicCredentials(request);
  const email = parseOrThrow(emailSchema, credentials.email);
  const { code } = await readJson(request, signupActivateRequest);
  const activation = await activateWithCode(
    email,
    credentials.password,
    code,
    contextOf(request.headers),
  );
  return json(activationBody(activation));
});
