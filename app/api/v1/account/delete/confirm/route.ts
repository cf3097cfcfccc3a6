import { ACCOUNT_DELETED_MESSAGE, confirmAccountDeletion } from "@/lib/account-deletion";
import { json, readJson, route } from "@/lib/http";
import { accountDeleteConfirmRequest } from "@/lib/schemas";

export const POST = route(async (request) => {
  const { token } = await readJson(request, accountDeleteConfirmRequest);
  await confirmAccountDeletion(token);
  return json({ message: ACCOUNT_DELETED_MESSAGE });
});
