import { useId, type ComponentProps, type ReactNode } from "react";
import { cn } from "./cn";

/** Class names of a text input, for inputs built outside `Field`. */
export const inputStyles =
  "block w-full rounded-lg border border-border-strong bg-surface px-3 text-base text-fg shadow-xs transition-colors placeholder:text-fg-muted/70 hover:border-fg-muted/50 focus-visible:border-ring focus-visible:outline-2 focus-visible:outline-offset-0 focus-visible:outline-ring/50 disabled:cursor-not-allowed disabled:opacity-60 aria-invalid:border-danger aria-invalid:focus-visible:outline-danger/50 sm:text-sm";

/** The ids a field's hint and error get, and the `aria-describedby` joining them. */
export function useFieldDescription(
  id: string | undefined,
  hint: string | undefined,
  error: string | undefined,
  describedBy: string | undefined,
) {
  const autoId = useId();
  const inputId = id ?? autoId;
  const hintId = hint ? `${inputId}-hint` : undefined;
  const errorId = error ? `${inputId}-error` : undefined;
  const ariaDescribedBy = [describedBy, hintId, errorId].filter(Boolean).join(" ") || undefined;
  return { inputId, hintId, errorId, ariaDescribedBy };
}

export function FieldLabel({ htmlFor, children }: { htmlFor: string; children: ReactNode }) {
  return (
    <label htmlFor={htmlFor} className="block text-sm font-medium text-fg">
      {children}
    </label>
  );
}

export function FieldMessages({
  hint,
  hintId,
  error,
  errorId,
}: {
  hint?: string;
  hintId?: string;
  error?: string;
  errorId?: string;
}) {
  return (
    <>
      {hint && (
        <p id={hintId} className="text-sm text-fg-muted">
          {hint}
        </p>
      )}
      {error && (
        <p id={errorId} className="flex items-start gap-1.5 text-sm font-medium text-danger-text">
          <svg
            viewBox="0 0 20 20"
            fill="currentColor"
            aria-hidden="true"
            className="mt-0.5 size-4 shrink-0"
          >
            <path
              fillRule="evenodd"
              d="M18 10a8 8 0 1 1-16 0 8 8 0 0 1 16 0Zm-8-5a.75.75 0 0 1 .75.75v4.5a.75.75 0 0 1-1.5 0v-4.5A.75.75 0 0 1 10 5Zm0 10a1 1 0 1 0 0-2 1 1 0 0 0 0 2Z"
              clipRule="evenodd"
            />
          </svg>
          {error}
        </p>
      )}
    </>
  );
}

export type FieldProps = {
  label: string;
  name: string;
  error?: string;
  hint?: string;
} & ComponentProps<"input">;

/**
 * A labelled input with hint and inline error. All input props, `ref` included, reach the
 * <input>.
 */
export function Field({
  label,
  error,
  hint,
  id,
  className,
  "aria-describedby": describedBy,
  ...props
}: FieldProps) {
  const { inputId, hintId, errorId, ariaDescribedBy } = useFieldDescription(
    id,
    hint,
    error,
    describedBy,
  );
  return (
    <div className="space-y-1.5">
      <FieldLabel htmlFor={inputId}>{label}</FieldLabel>
      <input
        id={inputId}
        aria-invalid={error ? true : undefined}
        aria-describedby={ariaDescribedBy}
        className={cn(inputStyles, "h-10", className)}
        {...props}
      />
      <FieldMessages hint={hint} hintId={hintId} error={error} errorId={errorId} />
    </div>
  );
}
