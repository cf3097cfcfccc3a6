import { requestSignup } from "@/lib/flows/signup";
import { signupRequest } from "@/lib/shared/schemas";
import { json, readJson, route } from "@/lib/web/http";
import { contextOf } from "@/lib/web/request-context";

export const POST = route(async (request) => {
  const input = await readJson(request, signupRequest);
  return json({ message: await requestSignup(input, contextOf(request.headers)) }, 202);
});
