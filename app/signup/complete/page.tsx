import type { Metadata } from "next";
import { AuthShell } from "@/components/auth-shell";
import { RecoveryCodes } from "@/components/recovery-codes";
import { TotpSetup } from "@/components/totp-setup";
import { Alert } from "@/components/ui/alert";
import { Button, ButtonLink } from "@/components/ui/button";
import { enrolledAccount, takeEnrolment } from "@/lib/web/enrolment-handoff";
import { signupMessages } from "@/lib/shared/messages";
import { PAGES } from "@/lib/shared/routes";
import { groupKey, totpQrSvg } from "@/lib/auth/mfa/totp";
import { SIGNUP_STEPS } from "../steps";
import { finishEnrolmentAction } from "./actions";
import { CheckCodeForm } from "./check-code-form";

export const metadata: Metadata = { title: "Your account is active" };

const continueToLogin = (
  <form action={finishEnrolmentAction}>
    <Button type="submit" size="lg" className="w-full">
      I have saved my key and codes — continue to log in
    </Button>
  </form>
);

export default async function CompletePage() {
  const enrolment = await takeEnrolment();
  const account = enrolment ?? (await enrolledAccount());
  if (!account) {
    return (
      <AuthShell title="Nothing to show here" steps={SIGNUP_STEPS} currentStep="authenticator">
        <div className="space-y-5">
          <Alert variant="info">
            Your authenticator key and recovery codes are shown only once, right after activation.
            If you have set up your authenticator, you can log in.
          </Alert>
          <ButtonLink href={PAGES.login} className="w-full">
            Log in
          </ButtonLink>
        </div>
      </AuthShell>
    );
  }
  // Without the secrets when they were shown already: a reload, or the set-up check posted
  // without JavaScript. The check keeps its place in the page either way, so the page
  // rendered after such a post shows the check's result.
  return (
    <AuthShell
      title="Your account is active"
      steps={SIGNUP_STEPS}
      currentStep="authenticator"
      wide={Boolean(enrolment)}
    >
      <div className="space-y-8">
        {enrolment ? (
          <>
            <Alert variant="success" title="Welcome to Triplock">
              {signupMessages.activated}
            </Alert>
            <TotpSetup
              secret={enrolment.secret}
              groupedKey={groupKey(enrolment.secret)}
              uri={enrolment.uri}
              qrSvg={await totpQrSvg(enrolment.uri)}
              email={enrolment.email}
            />
          </>
        ) : (
          <Alert variant="info" title="Shown only once">
            Your authenticator key and recovery codes were shown when the account was activated, and
            are not shown again. If you did not save them, delete the account (your email and
            password are enough) and sign up again.
          </Alert>
        )}
        <CheckCodeForm />
        {enrolment && <RecoveryCodes codes={enrolment.recoveryCodes} email={enrolment.email} />}
        {continueToLogin}
      </div>
    </AuthShell>
  );
}
