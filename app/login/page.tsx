import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { AuthShell } from "@/components/auth-shell";
import { currentSession } from "@/lib/auth";
import { config } from "@/lib/config";
import { pendingLoginEmail } from "@/lib/pending-login";
import { LoginForm } from "./login-form";
import { LOGIN_STEPS } from "./steps";

export const metadata: Metadata = { title: "Log in" };

export default async function LoginPage() {
  if (await currentSession()) redirect("/me");
  const pendingEmail = await pendingLoginEmail();
  return (
    <AuthShell
      title="Log in"
      description="We email you a one-time link; then your password and authenticator code."
      steps={LOGIN_STEPS}
      currentStep={pendingEmail ? 1 : 0}
      footer={
        <p className="text-sm text-fg-muted">
          No account yet?{" "}
          <Link href="/signup" className="link">
            Create one
          </Link>
        </p>
      }
    >
      <LoginForm devMailbox={config().devMailbox} pendingEmail={pendingEmail} />
    </AuthShell>
  );
}
