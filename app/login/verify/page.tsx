import type { Metadata } from "next";
import { AuthShell } from "@/components/auth-shell";
import { TokenProblem } from "@/components/token-problem";
import { linkOnThisPage } from "@/lib/web/link-token";
import { ForgotPasswordLink } from "../forgot-password-link";
import { LOGIN_STEPS } from "../steps";
import { VerifyForm } from "./verify-form";

export const metadata: Metadata = { title: "Finish logging in" };

// The login link's target (token in a page-scoped cookie, see lib/shared/routes.ts).
export default async function VerifyPage() {
  const { problem } = await linkOnThisPage("LOGIN");
  if (problem) {
    return (
      <AuthShell title="This link cannot be used" steps={LOGIN_STEPS} currentStep="factors">
        <TokenProblem message={problem} retryHref="/login" retryLabel="Ask for a new link" />
      </AuthShell>
    );
  }
  return (
    <AuthShell
      title="Finish logging in"
      description="Your email is confirmed. Now your password and a code from your authenticator app."
      steps={LOGIN_STEPS}
      currentStep="factors"
      footer={<ForgotPasswordLink />}
    >
      <VerifyForm />
    </AuthShell>
  );
}
