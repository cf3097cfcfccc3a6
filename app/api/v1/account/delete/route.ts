import { requestAccountDeletion } from "@/lib/flows/account-deletion";
import { accountDeleteRequest } from "@/lib/shared/schemas";
import { json, readJson, route } from "@/lib/web/http";
import { contextOf } from "@/lib/web/request-context";

export const POST = route(async (request) => {
  const { email, password } = await readJson(request, accountDeleteRequest);
  const message = await requestAccountDeletion(email, password, contextOf(request.headers));
  return json({ message }, 202);
});
