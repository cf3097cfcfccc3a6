"use client";

import { RecoveryCodes } from "@/components/recovery-codes";
import { FormError } from "@/components/form-error";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { OtpInput } from "@/components/ui/otp-input";
import { useServerForm } from "@/components/use-server-form";
import { regenerateRecoveryCodesForm } from "@/lib/schemas";
import { regenerateCodesAction, type RecoveryCodesState } from "./actions";

export function RecoveryCodesForm({ email }: { email: string }) {
  const { form, state, formAction, pending, onSubmit, errorFor } = useServerForm(
    regenerateRecoveryCodesForm,
    regenerateCodesAction,
  );
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
    <form action={formAction} onSubmit={onSubmit} noValidate className="space-y-4">
      <FormError state={state} />
      <Field
        label="Password"
        type="password"
        autoComplete="current-password"
        error={errorFor("password")}
        {...form.register("password")}
      />
      <OtpInput label="Authenticator code" error={errorFor("totp")} {...form.register("totp")} />
      <Button type="submit" variant="secondary" pending={pending}>
        Generate new recovery codes
      </Button>
    </form>
  );
}
