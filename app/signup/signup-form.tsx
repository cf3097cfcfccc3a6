"use client";

import Link from "next/link";
import { useActionState } from "react";
import { FormError } from "@/components/form-error";
import { NewPasswordField } from "@/components/new-password-field";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { useServerForm } from "@/components/use-server-form";
import { idle } from "@/lib/shared/form-state";
import { resendAction, signupAction } from "./actions";

export function SignupForm({ devMailbox }: { devMailbox: boolean }) {
  const { form, state, pending, errorFor } = useServerForm("signupRequest", signupAction);

  if (state.status === "success") {
    return (
      <CheckInbox
        email={state.values?.email ?? ""}
        message={state.message ?? ""}
        devMailbox={devMailbox}
      />
    );
  }

  return (
    <form {...form} className="space-y-5">
      <FormError state={state} />
      <Field
        label="Email address"
        type="email"
        autoComplete="email"
        required
        defaultValue={state.values?.email}
        error={errorFor("email")}
        name="email"
      />
      <Field
        label="Name"
        hint="Optional. Shown on your account page."
        autoComplete="name"
        defaultValue={state.values?.name}
        error={errorFor("name")}
        name="name"
      />
      <NewPasswordField label="Password" error={errorFor("password")} name="password" />
      <Button type="submit" className="w-full" pending={pending}>
        Create account
      </Button>
    </form>
  );
}

function CheckInbox({
  email,
  message,
  devMailbox,
}: {
  email: string;
  message: string;
  devMailbox: boolean;
}) {
  const [resent, resend, resending] = useActionState(resendAction, idle);
  return (
    <div className="space-y-5">
      <Alert variant="success" title="Check your email">
        {message}
      </Alert>
      <p className="text-sm text-fg-muted">
        Open the link in the email and enter your password again to activate the account. Programs
        can use the code from the same email with{" "}
        <code className="font-mono text-xs">POST /api/v1/signup/activate</code>.
      </p>
      {resent.status !== "idle" && resent.message && (
        <Alert variant={resent.status === "success" ? "info" : "error"}>{resent.message}</Alert>
      )}
      <form action={resend} className="flex flex-wrap items-center gap-3">
        <input type="hidden" name="email" value={email} />
        <Button type="submit" variant="secondary" pending={resending}>
          Send a new link
        </Button>
        {devMailbox && (
          <Link
            href={`/dev/mailbox?to=${encodeURIComponent(email)}`}
            className="text-sm font-medium text-accent-text underline-offset-4 hover:underline"
          >
            Open the development mailbox
          </Link>
        )}
      </form>
    </div>
  );
}
