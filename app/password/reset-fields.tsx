"use client";

import { NewPasswordField } from "@/components/new-password-field";
import { SecondFactorFields, type FieldGroupProps } from "@/components/second-factor-fields";
import { Button } from "@/components/ui/button";

/**
 * What a reset takes besides the email's proof: the new password, then a code (last, as it
 * is the one that goes stale), and the submit button.
 */
export function ResetFields({
  errorFor,
  state,
  pending,
}: FieldGroupProps<"newPassword" | "totp" | "recoveryCode"> & { pending: boolean }) {
  return (
    <>
      <NewPasswordField error={errorFor("newPassword")} name="newPassword" />
      <SecondFactorFields errorFor={errorFor} state={state} />
      <Button type="submit" className="w-full" pending={pending}>
        Reset password
      </Button>
    </>
  );
}
