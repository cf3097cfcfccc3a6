"use client";

import type { UseFormRegister } from "react-hook-form";
import { Field } from "@/components/ui/field";
import { OtpInput } from "@/components/ui/otp-input";

interface FactorValues {
  password: string;
  totp?: unknown;
  recoveryCode?: unknown;
}

/** Password, authenticator code, and (folded away) a recovery code instead. */
export function FactorFields({
  register,
  errorFor,
}: {
  register: UseFormRegister<FactorValues>;
  errorFor: (name: "password" | "totp" | "recoveryCode") => string | undefined;
}) {
  return (
    <>
      <Field
        label="Password"
        type="password"
        autoComplete="current-password"
        required
        error={errorFor("password")}
        {...register("password")}
      />
      <OtpInput
        label="Authenticator code"
        hint="The 6-digit code from your authenticator app."
        error={errorFor("totp")}
        {...register("totp")}
      />
      <details className="group rounded-lg border border-border px-4 py-3 text-sm">
        <summary className="cursor-pointer font-medium text-fg">
          Lost your authenticator? Use a recovery code
        </summary>
        <div className="mt-3">
          <Field
            label="Recovery code"
            autoComplete="off"
            spellCheck={false}
            hint="One of the ten codes you saved when you created the account. Each works once."
            error={errorFor("recoveryCode")}
            {...register("recoveryCode")}
          />
        </div>
      </details>
    </>
  );
}
