import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { AuthShell } from "@/components/auth-shell";
import { PAGES } from "@/lib/shared/routes";
import { currentSession } from "@/lib/web/auth";
import { config } from "@/lib/server/config";
import { pendingLoginEmail } from "@/lib/web/pending-login";
import { ForgotPasswordLink } from "./forgot-password-link";
import { LoginForm } from "./login-form";
import { LOGIN_STEPS } from "./steps";

export const metadata: Metadata = { title: "Log in" };

export default async function LoginPage() {
  if (await currentSession()) redirect(PAGES.me);
  const pendingEmail = await pendingLoginEmail();
  return (
    <AuthShell
      title="Log in"
      description="We email you a one-time link; then your password and authenticator code."
      steps={LOGIN_STEPS}
      currentStep={pendingEmail ? "inbox" : "email"}
      footer={
        <div className="flex flex-wrap justify-between gap-x-6 gap-y-2 text-sm text-fg-muted">
          <p>
            No account yet?{" "}
            <Link href="/signup" className="link">
              Create one
            </Link>
          </p>
          <ForgotPasswordLink />
        </div>
      }
    >
      <LoginForm devMailbox={config().devMailbox} pendingEmail={pendingEmail} />
    </AuthShell>
  );
}
