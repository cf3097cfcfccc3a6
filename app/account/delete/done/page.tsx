import type { Metadata } from "next";
import { AuthShell } from "@/components/auth-shell";
import { Alert } from "@/components/ui/alert";
import { ButtonLink } from "@/components/ui/button";
import { deletionMessages } from "@/lib/shared/messages";
import { DELETE_STEPS } from "../steps";

export const metadata: Metadata = { title: "Account deleted" };

export default function AccountDeletedPage() {
  return (
    <AuthShell title="Account deleted" steps={DELETE_STEPS} currentStep="done">
      <div className="space-y-5">
        <Alert variant="success">{deletionMessages.deleted}</Alert>
        <ButtonLink href="/signup" variant="secondary" className="w-full">
          Create a new account
        </ButtonLink>
      </div>
    </AuthShell>
  );
}
