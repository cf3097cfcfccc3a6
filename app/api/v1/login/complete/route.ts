import { clientIp } from "@/lib/client-ip";
import { json, readJson, route } from "@/lib/http";
import { completeLogin, loginProof } from "@/lib/login";
import { loginBody } from "@/lib/presenters";
import { loginCompleteRequest } from "@/lib/schemas";

export const POST = route(async (request) => {
  const input = await readJson(request, loginCompleteRequest);
  const result = await completeLogin(loginProof(input), input, "API", {
    ip: clientIp(request.headers),
    userAgent: request.headers.get("user-agent") ?? undefined,
  });
  return json(loginBody(result));
});
