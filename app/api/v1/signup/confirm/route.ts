import { json, readJson, route } from "@/lib/http";
import { activationBody } from "@/lib/presenters";
import { signupConfirmRequest } from "@/lib/schemas";
import { confirmSignup } from "@/lib/signup";

export const POST = route(async (request) => {
  const { token, password } = await readJson(request, signupConfirmRequest);
  return json(activationBody(await confirmSignup(token, password)));
});
