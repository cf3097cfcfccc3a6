import type { ReactNode } from "react";
import type { FormState } from "@/lib/shared/form-state";
import { Alert } from "./ui/alert";

/** A form-wide error; errors that belong to a field are shown beside that field instead. */
export function FormError({ state, children }: { state: FormState; children?: ReactNode }) {
  if (state.status !== "error" || !state.message || state.fieldErrors) return null;
  return (
    <Alert variant="error">
      {state.message}
      {children && <> {children}</>}
    </Alert>
  );
}
