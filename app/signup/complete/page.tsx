import type { Metadata } from "next";
import { AuthShell } from "@/components/auth-shell";
import { RecoveryCodes } from "@/components/recovery-codes";
import { TotpSetup } from "@/components/totp-setup";
import { Alert } from "@/components/ui/alert";
import { Button, ButtonLink } from "@/components/ui/button";
import { readEnrolment } from "@/lib/enrolment-handoff";
import { ACTIVATED_MESSAGE } from "@/lib/presenters";
import { totpQrSvg } from "@/lib/totp";
import { SIGNUP_STEPS } from "../steps";
import { finishEnrolmentAction } from "./actions";
import { CheckCodeForm } from "./check-code-form";

export const metadata: Metadata = { title: "Your account is active" };

export default async function CompletePage() {
  const enrolment = await readEnrolment();
  if (!enrolment) {
    return (
      <AuthShell title="Nothing to show here" steps={SIGNUP_STEPS} currentStep={3}>
        <div className="space-y-5">
          <Alert variant="info">
            Your authenticator key and recovery codes are shown only once, for ten minutes after
            activation. If you have set up your authenticator, you can log in.
          </Alert>
          <ButtonLink href="/login" className="w-full">
            Log in
          </ButtonLink>
        </div>
      </AuthShell>
    );
  }

  return (
    <AuthShell title="Your account is active" steps={SIGNUP_STEPS} currentStep={3} wide>
      <div className="space-y-8">
        <Alert variant="success" title="Welcome to Triplock">
          {ACTIVATED_MESSAGE}
        </Alert>
        <TotpSetup
          secret={enrolment.secret}
          uri={enrolment.uri}
          qrSvg={await totpQrSvg(enrolment.uri)}
          email={enrolment.email}
        />
        <CheckCodeForm />
        <RecoveryCodes codes={enrolment.recoveryCodes} email={enrolment.email} />
        <form action={finishEnrolmentAction}>
          <Button type="submit" size="lg" className="w-full">
            I have saved my key and codes — continue to log in
          </Button>
        </form>
      </div>
    </AuthShell>
  );
}
