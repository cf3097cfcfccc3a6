"use client";

import { EmailRequestForm } from "@/components/email-request-form";
import { EmailedCodeStep, type CodeStepProps } from "@/components/emailed-code-step";
import { Button } from "@/components/ui/button";
import { useServerForm } from "@/components/use-server-form";
import { completeWithCodeAction, requestLoginAction, startOverAction } from "./actions";
import { FactorFields } from "./factor-fields";

export function LoginForm({
  devMailbox,
  pendingEmail,
}: {
  devMailbox: boolean;
  pendingEmail?: string;
}) {
  return (
    <EmailRequestForm
      action={requestLoginAction}
      submitLabel="Email me a login link"
      pendingEmail={pendingEmail}
    >
      {(email, message) => <CodeForm email={email} message={message} devMailbox={devMailbox} />}
    </EmailRequestForm>
  );
}

// Cross-device: the email also carries a code, which works here instead of the link.
function CodeForm(step: CodeStepProps) {
  const codeForm = useServerForm("loginByCodeForm", completeWithCodeAction);
  return (
    <EmailedCodeStep
      {...step}
      codeName="login code"
      codeForm={codeForm}
      startOver={startOverAction}
    >
      <FactorFields errorFor={codeForm.errorFor} state={codeForm.state} />
      <Button type="submit" className="w-full" pending={codeForm.pending}>
        Log in
      </Button>
    </EmailedCodeStep>
  );
}
