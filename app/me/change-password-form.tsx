"use client";

import { FormError } from "@/components/form-error";
import { NewPasswordField } from "@/components/new-password-field";
import { SecondFactorFields } from "@/components/second-factor-fields";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { useServerForm } from "@/components/use-server-form";
import { changePasswordAction } from "./actions";

export function ChangePasswordForm() {
  const { form, state, pending, errorFor } = useServerForm(
    "passwordChangeForm",
    changePasswordAction,
  );
  if (state.status === "success") {
    return <Alert variant="success">{state.message}</Alert>;
  }
  return (
    <form {...form} className="space-y-4">
      <FormError state={state} />
      <Field
        label="Current password"
        type="password"
        autoComplete="current-password"
        required
        error={errorFor("currentPassword")}
        name="currentPassword"
      />
      <NewPasswordField error={errorFor("newPassword")} name="newPassword" />
      <SecondFactorFields errorFor={errorFor} state={state} />
      <Button type="submit" variant="secondary" pending={pending}>
        Change password
      </Button>
    </form>
  );
}
