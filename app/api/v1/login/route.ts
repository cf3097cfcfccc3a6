import { requestLogin } from "@/lib/flows/login";
import { emailOnlyRequest } from "@/lib/shared/schemas";
import { json, readJson, route } from "@/lib/web/http";
import { contextOf } from "@/lib/web/request-context";

export const POST = route(async (request) => {
  const { email } = await readJson(request, emailOnlyRequest);
  return json({ message: await requestLogin(email, contextOf(request.headers)) }, 202);
});
