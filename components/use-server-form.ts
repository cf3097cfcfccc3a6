"use client";

import {
  startTransition,
  useActionState,
  useRef,
  useState,
  type FormEvent,
  type SyntheticEvent,
} from "react";
import * as z from "zod/mini";
import { idle, type FormState } from "@/lib/shared/form-state";
import type { FieldErrors } from "@/lib/shared/problems";
import { fieldErrors } from "@/lib/shared/validation";

type Action = (state: FormState, formData: FormData) => Promise<FormState>;

/** The name of a field in the form `name`, for the events the form hears from its fields. */
const fieldName = (event: { target: EventTarget }) => (event.target as HTMLInputElement).name;

/**
 * A form validated in the browser by the same zod schema the server uses, on the same input
 * (the form's FormData), then submitted to a server action. Without JavaScript the
 * <form action> posts natively and the server renders the result, so every form works
 * either way. Spread `form` on the <form>; its fields need only their `name`.
 */
export function useServerForm<S extends z.core.$ZodType>(schema: S, action: Action) {
  const [state, formAction, pending] = useActionState(action, idle);
  const [errors, setErrors] = useState<FieldErrors>({});
  // A field is checked as it changes once it has been left, and every field once the form
  // has been submitted: no message before the person has had a chance to finish typing.
  const touched = useRef(new Set<string>());
  const submitted = useRef(false);

  /** Parses the whole form as the server would; shows the messages of `only` that field, or all. */
  const validate = (form: HTMLFormElement, only?: string) => {
    const result = z.safeParse(schema, Object.fromEntries(new FormData(form)));
    const found = result.success ? {} : fieldErrors(result.error);
    setErrors((shown) => {
      if (only === undefined) return found;
      const next = { ...shown };
      if (found[only]) next[only] = found[only];
      else delete next[only];
      return next;
    });
    return found;
  };

  const form = {
    action: formAction,
    noValidate: true,
    onBlur: (event: SyntheticEvent<HTMLFormElement>) => {
      const name = fieldName(event);
      if (!name) return;
      touched.current.add(name);
      validate(event.currentTarget, name);
    },
    onChange: (event: SyntheticEvent<HTMLFormElement>) => {
      const name = fieldName(event);
      if (name && (submitted.current || touched.current.has(name)))
        validate(event.currentTarget, name);
    },
    onSubmit: (event: FormEvent<HTMLFormElement>) => {
      event.preventDefault();
      submitted.current = true;
      const formElement = event.currentTarget;
      const found = validate(formElement);
      const invalid = [...formElement.elements].find(
        (element) => (element as HTMLInputElement).name in found,
      );
      if (invalid) return (invalid as HTMLElement).focus();
      const formData = new FormData(formElement);
      startTransition(() => formAction(formData));
    },
  };

  /** The browser's message for a field if it has one, else the server's. */
  const errorFor = (name: Extract<keyof z.input<S>, string>): string | undefined =>
    errors[name]?.[0] ?? state.fieldErrors?.[name]?.[0];

  return { form, state, pending, errorFor };
}
