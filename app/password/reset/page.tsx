import type { Metadata } from "next";
import { AuthShell } from "@/components/auth-shell";
import { TokenProblem } from "@/components/token-problem";
import { PAGES } from "@/lib/shared/routes";
import { linkOnThisPage } from "@/lib/web/link-token";
import { RESET_STEPS } from "../steps";
import { ResetForm } from "./reset-form";

export const metadata: Metadata = { title: "Choose a new password" };

// The reset link's target (token in a page-scoped cookie, see lib/shared/routes.ts).
// Opening it changes nothing: the second factor and the new password must be typed.
export default async function ResetPage() {
  const { problem } = await linkOnThisPage("PASSWORD_RESET");
  if (problem) {
    return (
      <AuthShell title="This link cannot be used" steps={RESET_STEPS} currentStep="password">
        <TokenProblem
          message={problem}
          retryHref={PAGES.passwordForgot}
          retryLabel="Ask for a new link"
        />
      </AuthShell>
    );
  }
  return (
    <AuthShell
      title="Choose a new password"
      description="Your email is confirmed. Now a new password, and a code from your authenticator app to prove it is you."
      steps={RESET_STEPS}
      currentStep="password"
    >
      <ResetForm />
    </AuthShell>
  );
}
