import { proofOf } from "@/lib/auth/emailed-proof";
import { completeLogin } from "@/lib/flows/login";
import { loginCompleteRequest } from "@/lib/shared/schemas";
import { json, readJson, route } from "@/lib/web/http";
import { loginBody } from "@/lib/web/presenters";
import { contextOf } from "@/lib/web/request-context";

export const POST = route(async (request) => {
  const input = await readJson(request, loginCompleteRequest);
  const result = await completeLogin(proofOf(input), input, "API", contextOf(request.headers));
  return json(loginBody(result));
});
