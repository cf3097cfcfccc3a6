import * as z from "zod/mini";
import { requestMessages } from "./messages";
import { AppError, type FieldErrors } from "./problems";
import { fieldErrors } from "./validation";

// What a server action hands back to its form (through useActionState): the same messages
// the API puts in its problem details.

export interface FormState {
  status: "idle" | "error" | "success";
  message?: string;
  fieldErrors?: FieldErrors;
  /** Values to put back in the form when it is re-rendered without JavaScript. */
  values?: Record<string, string>;
}

export const idle: FormState = { status: "idle" };

export function formValues(formData: FormData, names: string[]): Record<string, string> {
  return Object.fromEntries(names.map((name) => [name, String(formData.get(name) ?? "")]));
}

export type Parsed<S extends z.core.$ZodType> =
  { ok: true; data: z.output<S> } | { ok: false; state: FormState };

/** Validates form fields with the same schema the API uses. */
export function parseForm<S extends z.core.$ZodType>(
  schema: S,
  formData: FormData,
  keep: string[] = [],
): Parsed<S> {
  const result = z.safeParse(schema, Object.fromEntries(formData));
  if (result.success) return { ok: true, data: result.data };
  return {
    ok: false,
    state: {
      status: "error",
      message: requestMessages.invalidFields,
      fieldErrors: fieldErrors(result.error),
      values: formValues(formData, keep),
    },
  };
}

/** A domain failure as form state; anything unexpected is rethrown to the error page. */
export function formFailure(error: unknown, values?: Record<string, string>): FormState {
  if (!(error instanceof AppError)) throw error;
  return { status: "error", message: error.message, fieldErrors: error.fieldErrors, values };
}
