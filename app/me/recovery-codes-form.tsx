"use client";

import type { ReactNode } from "react";
import { RecoveryCodes } from "@/components/recovery-codes";
import { FormError } from "@/components/form-error";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { OtpInput } from "@/components/ui/otp-input";
import { useServerForm } from "@/components/use-server-form";
import { regenerateCodesAction, type RecoveryCodesState } from "./actions";

/** The regeneration form's state, for a component that shows the form only at some point. */
export function useRecoveryCodesForm() {
  return useServerForm("regenerateRecoveryCodesForm", regenerateCodesAction);
}

export function RecoveryCodesForm({ email }: { email: string }) {
  return <RecoveryCodesView email={email} regenerate={useRecoveryCodesForm()} />;
}

/** The form, then the new codes in its place. */
export function RecoveryCodesView({
  email,
  regenerate: { form, state, pending, errorFor },
  intro,
}: {
  email: string;
  regenerate: ReturnType<typeof useRecoveryCodesForm>;
  intro?: ReactNode;
}) {
  const codes = (state as RecoveryCodesState).codes;
  if (codes) {
    return (
      <div className="space-y-4">
        <Alert variant="success">{state.message}</Alert>
        <RecoveryCodes codes={codes} email={email} />
      </div>
    );
  }
  return (
    <form {...form} className="space-y-4">
      {intro}
      <FormError state={state} />
      <Field
        label="Password"
        type="password"
        autoComplete="current-password"
        error={errorFor("password")}
        name="password"
      />
      <OtpInput label="Authenticator code" error={errorFor("totp")} name="totp" />
      <Button type="submit" variant="secondary" pending={pending}>
        Generate new recovery codes
      </Button>
    </form>
  );
}
