import { resendSignup } from "@/lib/flows/signup";
import { emailOnlyRequest } from "@/lib/shared/schemas";
import { json, readJson, route } from "@/lib/web/http";
import { contextOf } from "@/lib/web/request-context";

export const POST = route(async (request) => {
  const { email } = await readJson(request, emailOnlyRequest);
  return json({ message: await resendSignup(email, contextOf(request.headers)) }, 202);
});
