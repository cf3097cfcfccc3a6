import { confirmAccountDeletion } from "@/lib/flows/account-deletion";
import { deletionMessages } from "@/lib/shared/messages";
import { accountDeleteConfirmRequest } from "@/lib/shared/schemas";
import { json, readJson, route } from "@/lib/web/http";
import { contextOf } from "@/lib/web/request-context";

export const POST = route(async (request) => {
  const { token } = await readJson(request, accountDeleteConfirmRequest);
  await confirmAccountDeletion(token, contextOf(request.headers));
  return json({ message: deletionMessages.deleted });
});
