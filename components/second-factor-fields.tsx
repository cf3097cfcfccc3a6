import type { FormState } from "@/lib/shared/form-state";
import { Field } from "./ui/field";
import { OtpInput } from "./ui/otp-input";

/**
 * What a group of fields needs from its form (useServerForm's `errorFor` and `state`),
 * narrowed to the names of the fields in the group, so one group serves every form that
 * has those fields.
 */
export interface FieldGroupProps<N extends string> {
  errorFor: (name: N) => string | undefined;
  state: FormState;
}

/** An authenticator code, and (folded away) a recovery code in its place. */
export function SecondFactorFields({ errorFor, state }: FieldGroupProps<"totp" | "recoveryCode">) {
  return (
    <>
      <OtpInput
        label="Authenticator code"
        hint="The 6-digit code from your authenticator app."
        error={errorFor("totp")}
        name="totp"
      />
      {/* Open when the server refused the recovery code, or a page rendered without
          JavaScript would hide its message in the fold. (Browser-side errors come as the
          person types in it, so it is open already, and must not close under them.) */}
      <details
        open={state.fieldErrors?.recoveryCode ? true : undefined}
        className="group rounded-lg border border-border px-4 py-3 text-sm"
      >
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
            name="recoveryCode"
          />
        </div>
      </details>
    </>
  );
}
