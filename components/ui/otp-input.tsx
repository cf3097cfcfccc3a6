import type { ComponentProps, CSSProperties } from "react";
import { cn } from "./cn";
import { FieldLabel, FieldMessages, useFieldDescription } from "./field";

export type OtpInputProps = {
  name: string;
  label: string;
  /** Number of digits; also the input's maxLength. */
  length?: number;
  error?: string;
  hint?: string;
} & Omit<ComponentProps<"input">, "type" | "maxLength">;

/**
 * A numeric one-time code field that looks segmented but is one plain <input>, so it works
 * without JavaScript, with SMS/e-mail autofill and with a form's own validation.
 */
export function OtpInput({
  label,
  length = 6,
  error,
  hint,
  id,
  className,
  "aria-describedby": describedBy,
  ...props
}: OtpInputProps) {
  const { inputId, hintId, errorId, ariaDescribedBy } = useFieldDescription(
    id,
    hint,
    error,
    describedBy,
  );
  return (
    <div className="space-y-1.5">
      <FieldLabel htmlFor={inputId}>{label}</FieldLabel>
      <div className="otp" style={{ "--otp-len": length } as CSSProperties}>
        <div className="relative w-fit">
          <input
            id={inputId}
            type="text"
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="[0-9]*"
            maxLength={length}
            spellCheck={false}
            autoCapitalize="off"
            autoCorrect="off"
            aria-invalid={error ? true : undefined}
            aria-describedby={ariaDescribedBy}
            className={cn("otp-input", className)}
            {...props}
          />
          <div className="otp-cells" aria-hidden="true">
            {Array.from({ length }, (_, i) => (
              <span key={i} />
            ))}
          </div>
        </div>
      </div>
      <FieldMessages hint={hint} hintId={hintId} error={error} errorId={errorId} />
    </div>
  );
}
