import type { Metadata } from "next";
import { AuthShell } from "@/components/auth-shell";
import { Alert } from "@/components/ui/alert";
import { ButtonLink } from "@/components/ui/button";
import { passwordMessages } from "@/lib/shared/messages";
import { PAGES } from "@/lib/shared/routes";
import { RESET_STEPS } from "../../steps";

export const metadata: Metadata = { title: "Password changed" };

export default function PasswordResetDonePage() {
  return (
    <AuthShell title="Password changed" steps={RESET_STEPS} currentStep="done">
      <div className="space-y-5">
        <Alert variant="success" title="Every session has been signed out">
          {passwordMessages.reset}
        </Alert>
        <ButtonLink href={PAGES.login} className="w-full">
          Log in
        </ButtonLink>
      </div>
    </AuthShell>
  );
}
