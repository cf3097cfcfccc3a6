import * as z from "zod/mini";
import { requestMessages } from "./messages";
import { AppError, type FieldErrors } from "./problems";

// zod failures in the shape every caller shows: a message per field.

export function fieldErrors(error: z.core.$ZodError): FieldErrors {
  const { formErrors, fieldErrors } = z.flattenError(error);
  const errors: FieldErrors = {};
  for (const [field, messages] of Object.entries(fieldErrors) as [string, string[] | undefined][]) {
    if (messages?.length) errors[field] = messages;
  }
  if (formErrors.length) errors._ = formErrors;
  return errors;
}

/** Parses or throws a 400 problem that names each field at fault. */
export function parseOrThrow<S extends z.core.$ZodType>(schema: S, input: unknown): z.output<S> {
  const result = z.safeParse(schema, input);
  if (result.success) return result.data;
  throw new AppError("validation_failed", requestMessages.invalidFields, {
    fieldErrors: fieldErrors(result.error),
  });
}
