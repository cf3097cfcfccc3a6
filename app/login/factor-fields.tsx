"use client";

import { SecondFactorFields, type FieldGroupProps } from "@/components/second-factor-fields";
import { Field } from "@/components/ui/field";

/** Password, authenticator code, and (folded away) a recovery code instead. */
export function FactorFields({
  errorFor,
  state,
}: FieldGroupProps<"password" | "totp" | "recoveryCode">) {
  return (
    <>
      <Field
        label="Password"
        type="password"
        autoComplete="current-password"
        required
        error={errorFor("password")}
        name="password"
      />
      <SecondFactorFields errorFor={errorFor} state={state} />
    </>
  );
}
