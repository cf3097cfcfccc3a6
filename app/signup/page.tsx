import type { Metadata } from "next";
import Link from "next/link";
import { AuthShell } from "@/components/auth-shell";
import { config } from "@/lib/server/config";
import { SignupForm } from "./signup-form";
import { SIGNUP_STEPS } from "./steps";

export const metadata: Metadata = { title: "Create your account" };

export default function SignupPage() {
  return (
    <AuthShell
      title="Create your account"
      description="Three factors protect it: your email, a password, and an authenticator app."
      steps={SIGNUP_STEPS}
      currentStep="details"
      footer={
        <p className="text-sm text-fg-muted">
          Already have an account?{" "}
          <Link
            href="/login"
            className="font-medium text-accent-text underline-offset-4 hover:underline"
          >
            Log in
          </Link>
        </p>
      }
    >
      <SignupForm devMailbox={config().devMailbox} />
    </AuthShell>
  );
}
