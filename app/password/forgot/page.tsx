import type { Metadata } from "next";
import Link from "next/link";
import { AuthShell } from "@/components/auth-shell";
import { config } from "@/lib/server/config";
import { PAGES } from "@/lib/shared/routes";
import { pendingResetEmail } from "@/lib/web/pending-reset";
import { RESET_STEPS } from "../steps";
import { ForgotForm } from "./forgot-form";

export const metadata: Metadata = { title: "Reset your password" };

export default async function ForgotPasswordPage() {
  const pendingEmail = await pendingResetEmail();
  return (
    <AuthShell
      title="Reset your password"
      description="We email you a one-time link; then a new password and your authenticator code."
      steps={RESET_STEPS}
      currentStep={pendingEmail ? "inbox" : "email"}
      footer={
        <p className="text-sm text-fg-muted">
          Remembered it?{" "}
          <Link href={PAGES.login} className="link">
            Log in
          </Link>
        </p>
      }
    >
      <ForgotForm devMailbox={config().devMailbox} pendingEmail={pendingEmail} />
    </AuthShell>
  );
}
