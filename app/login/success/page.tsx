import type { Metadata } from "next";
import { AuthShell } from "@/components/auth-shell";
import { LocalTime } from "@/components/local-time";
import { Alert } from "@/components/ui/alert";
import { ButtonLink } from "@/components/ui/button";
import { requireSession } from "@/lib/web/auth";
import { LOGIN_STEPS } from "../steps";

export const metadata: Metadata = { title: "You are logged in" };

export default async function LoginSuccessPage() {
  const session = await requireSession();
  const previous = session.user.previousLoginAt?.toISOString();
  return (
    <AuthShell title="You are logged in" steps={LOGIN_STEPS} currentStep="done">
      <div className="space-y-5">
        <Alert
          variant="success"
          title={`Welcome back${session.user.name ? `, ${session.user.name}` : ""}`}
        >
          {previous ? (
            <>
              Your previous login was <LocalTime iso={previous} />. If that was not you, review your
              sessions.
            </>
          ) : (
            "This is your first login. Welcome to Triplock."
          )}
        </Alert>
        <ButtonLink href="/me" className="w-full">
          Go to your account
        </ButtonLink>
      </div>
    </AuthShell>
  );
}
