import type { Metadata } from "next";
import { AuthShell } from "@/components/auth-shell";
import { TokenProblem } from "@/components/token-problem";
import { linkOnThisPage } from "@/lib/web/link-token";
import { SIGNUP_STEPS } from "../steps";
import { ConfirmForm } from "./confirm-form";

export const metadata: Metadata = { title: "Confirm your account" };

// The link target (its token arrives as a cookie, see lib/shared/routes.ts). Opening
// it changes nothing, as mail scanners prefetch links: the password must be typed again.
export default async function ConfirmPage() {
  const { problem } = await linkOnThisPage("SIGNUP");

  if (problem) {
    return (
      <AuthShell title="This link cannot be used" steps={SIGNUP_STEPS} currentStep="password">
        <TokenProblem message={problem} retryHref="/signup" retryLabel="Start again" />
      </AuthShell>
    );
  }
  return (
    <AuthShell
      title="Confirm your password"
      description="Enter the password you chose when you signed up. Your account is activated as soon as it matches."
      steps={SIGNUP_STEPS}
      currentStep="password"
    >
      <ConfirmForm />
    </AuthShell>
  );
}
