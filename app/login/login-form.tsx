"use client";

import Link from "next/link";
import type { UseFormRegister } from "react-hook-form";
import { FormError } from "@/components/form-error";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { OtpInput } from "@/components/ui/otp-input";
import { useServerForm } from "@/components/use-server-form";
import { emailOnlyRequest, loginByCodeForm } from "@/lib/schemas";
import { completeWithCodeAction, requestLoginAction, startOverAction } from "./actions";
import { FactorFields } from "./factor-fields";

export function LoginForm({
  devMailbox,
  pendingEmail,
}: {
  devMailbox: boolean;
  pendingEmail?: string;
}) {
  const { form, state, formAction, pending, onSubmit, errorFor } = useServerForm(
    emailOnlyRequest,
    requestLoginAction,
  );
  const email = state.status === "success" ? state.values?.email : pendingEmail;
  if (email) {
    return (
      <CodeForm
        email={email}
        message={state.message ?? `We sent a login link and code to ${email}.`}
        devMailbox={devMailbox}
      />
    );
  }
  return (
    <form action={formAction} onSubmit={onSubmit} noValidate className="space-y-5">
      <FormError state={state} />
      <Field
        label="Email address"
        type="email"
        autoComplete="email"
        required
        defaultValue={state.values?.email}
        error={errorFor("email")}
        {...form.register("email")}
      />
      <Button type="submit" className="w-full" pending={pending}>
        Email me a login link
      </Button>
    </form>
  );
}

// Cross-device: the email also carries a code, which works here instead of the link.
function CodeForm({
  email,
  message,
  devMailbox,
}: {
  email: string;
  message: string;
  devMailbox: boolean;
}) {
  const { form, state, formAction, pending, onSubmit, errorFor } = useServerForm(
    loginByCodeForm,
    completeWithCodeAction,
    { email },
  );
  return (
    <div className="space-y-5">
      <Alert variant="success" title="Check your email">
        {message}
      </Alert>
      <p className="text-sm text-fg-muted">
        Open the link in the email on this device — or, if you read your mail elsewhere, enter the
        login code from the email here.
        {devMailbox && (
          <>
            {" "}
            <Link href={`/dev/mailbox?to=${encodeURIComponent(email)}`} className="link">
              Open the development mailbox
            </Link>
            .
          </>
        )}
      </p>
      <form action={formAction} onSubmit={onSubmit} noValidate className="space-y-5">
        <FormError state={state} />
        <input type="hidden" defaultValue={email} {...form.register("email")} />
        <OtpInput
          label="Login code from the email"
          error={errorFor("code")}
          {...form.register("code")}
        />
        <FactorFields
          register={form.register as unknown as UseFormRegister<{ password: string }>}
          errorFor={errorFor}
        />
        <Button type="submit" className="w-full" pending={pending}>
          Log in
        </Button>
      </form>
      <form action={startOverAction}>
        <Button type="submit" variant="ghost" size="sm">
          Use a different email address
        </Button>
      </form>
    </div>
  );
}
