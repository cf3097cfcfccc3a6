import { config } from "@/lib/server/config";
import { listDevMail } from "@/lib/email/dev-mailbox";
import { json, problemResponse } from "@/lib/web/http";
import { AppError } from "@/lib/shared/problems";

export const dynamic = "force-dynamic";

// Development only: the mail the log transport "sent", newest first.
export async function GET(request: Request) {
  if (!config().devMailbox) return problemResponse(new AppError("not_found", "Not found."));
  const to = new URL(request.url).searchParams.get("to") ?? undefined;
  return json(await listDevMail(to));
}
