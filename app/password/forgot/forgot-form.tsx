"use client";

import { EmailRequestForm } from "@/components/email-request-form";
import { EmailedCodeStep, type CodeStepProps } from "@/components/emailed-code-step";
import { useServerForm } from "@/components/use-server-form";
import { requestResetAction, resetWithCodeAction, startOverAction } from "../actions";
import { ResetFields } from "../reset-fields";

export function ForgotForm({
  devMailbox,
  pendingEmail,
}: {
  devMailbox: boolean;
  pendingEmail?: string;
}) {
  return (
    <EmailRequestForm
      action={requestResetAction}
      submitLabel="Email me a reset link"
      pendingEmail={pendingEmail}
    >
      {(email, message) => <CodeForm email={email} message={message} devMailbox={devMailbox} />}
    </EmailRequestForm>
  );
}

// Cross-device: the email also carries a code, which works here instead of the link.
function CodeForm(step: CodeStepProps) {
  const codeForm = useServerForm("passwordResetByCodeForm", resetWithCodeAction);
  return (
    <EmailedCodeStep
      {...step}
      codeName="reset code"
      codeForm={codeForm}
      startOver={startOverAction}
    >
      <ResetFields errorFor={codeForm.errorFor} state={codeForm.state} pending={codeForm.pending} />
    </EmailedCodeStep>
  );
}
