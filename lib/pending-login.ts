import "server-only";
import { cookies } from "next/headers";
import { emailSchema } from "./schemas";

// The address a login link was just requested for, so /login can offer the emailed code.
export const PENDING_LOGIN_COOKIE = "triplock_login_email";

export async function pendingLoginEmail(): Promise<string | undefined> {
  const parsed = emailSchema.safeParse((await cookies()).get(PENDING_LOGIN_COOKIE)?.value);
  return parsed.success ? parsed.data : undefined;
}
