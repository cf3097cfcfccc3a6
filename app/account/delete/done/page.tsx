import type { Metadata } from "next";
import { AuthShell } from "@/components/auth-shell";
import { Alert } from "@/components/ui/alert";
import { ButtonLink } from "@/components/ui/button";
import { ACCOUNT_DELETED_MESSAGE } from "@/lib/account-deletion";
import { DELETE_STEPS } from "../steps";

export const metadata: Metadata = { title: "Account deleted" };

export default function AccountDeletedPage() {
  return (
    <AuthShell title="Account deleted" steps={DELETE_STEPS} currentStep={3}>
      <div className="space-y-5">
        <Alert variant="success">{ACCOUNT_DELETED_MESSAGE}</Alert>
        <ButtonLink href="/signup" variant="secondary" className="w-full">
          Create a new account
        </ButtonLink>
      </div>
    </AuthShell>
  );
}
