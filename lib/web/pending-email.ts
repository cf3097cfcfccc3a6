import "server-only";
import { cookies } from "next/headers";
import { emailSchema } from "../shared/schemas";

// The address an emailed link (and code) was just asked for, kept in a cookie scoped to the
// page that asked, so that page offers the emailed code after a reload or a post without
// JavaScript. Login and the password reset each have one (lib/shared/routes.ts, COOKIES).

interface CookieSpec {
  name: string;
  path: string;
  maxAgeSeconds: number;
}

export function pendingEmailCookie({ name, path, maxAgeSeconds }: CookieSpec) {
  return {
    async remember(email: string, secure: boolean): Promise<void> {
      (await cookies()).set(name, email, {
        httpOnly: true,
        sameSite: "lax",
        secure,
        path,
        maxAge: maxAgeSeconds,
      });
    },
    async forget(): Promise<void> {
      (await cookies()).delete({ name, path });
    },
    async email(): Promise<string | undefined> {
      const parsed = emailSchema.safeParse((await cookies()).get(name)?.value);
      return parsed.success ? parsed.data : undefined;
    },
  };
}
