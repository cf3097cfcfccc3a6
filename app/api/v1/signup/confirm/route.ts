import { json, readJson, route } from "@/lib/web/http";
import { contextOf } from "@/lib/web/request-context";
import { activationBody } from "@/lib/web/presenters";
import { signupConfirmRequest } from "@/lib/shared/schemas";
import { confirmSignup } from "@/lib/flows/signup";

export const POST = route(async (request) => {
  const { token, password } = await readJson(request, signupConfirmRequest);
  return json(activationBody(await confirmSignup(token, password, contextOf(request.headers))));
});
