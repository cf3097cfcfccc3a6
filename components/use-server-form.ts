"use client";

import {
  startTransition,
  useActionState,
  useRef,
  useState,
  type FormEvent,
  type SyntheticEvent,
} from "react";
import type * as z from "zod/mini";
import { idle, type FormState } from "@/lib/shared/form-state";
import type { FieldErrors } from "@/lib/shared/problems";
import type * as schemas from "@/lib/shared/schemas";

type Action = (state: FormState, formData: FormData) => Promise<FormState>;
type Schemas = typeof schemas;

/** The name of a schema in lib/shared/schemas.ts. */
type SchemaName = {
  [K in keyof Schemas]: Schemas[K] extends z.core.$ZodType ? K : never;
}[keyof Schemas];

let loading: Promise<typeof import("./form-checks")> | undefined;

/**
 * The schemas and zod, fetched the first time any form is used rather than with the page;
 * undefined if they cannot be fetched (then the server checks alone, as without JavaScript).
 */
function loadChecks() {
  loading ??= import("./form-checks");
  return loading.catch(() => {
    loading = undefined;
    return undefined;
  });
}

/** The name of a field in the form `name`, for the events the form hears from its fields. */
const fieldName = (event: { target: EventTarget }) => (event.target as HTMLInputElement).name;

/**
 * A form validated in the browser by the same zod schema the server uses (named here, and
 * loaded once the form is in use), on the same input (the form's FormData), then submitted
 * to a server action. Without JavaScript the <form action> posts natively and the server
 * renders the result, so every form works either way. Spread `form` on the <form>; its
 * fields need only their `name`.
 */
export function useServerForm<K extends SchemaName>(schema: K, action: Action) {
  const [state, formAction, pending] = useActionState(action, idle);
  const [errors, setErrors] = useState<FieldErrors>({});
  // A field is checked as it changes once it has been left, and every field once the form
  // has been submitted: no message before the person has had a chance to finish typing.
  const touched = useRef(new Set<string>());
  const submitted = useRef(false);

  /** Parses the form's data as the server would; shows the messages of `only` that field, or all. */
  const validate = async (data: FormData, only?: string) => {
    const checks = await loadChecks();
    if (!checks) return undefined;
    const result = (checks.schemas[schema] as z.ZodMiniType).safeParse(Object.fromEntries(data));
    const found = result.success ? {} : checks.fieldErrors(result.error);
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
    onFocus: () => void loadChecks(),
    onBlur: (event: SyntheticEvent<HTMLFormElement>) => {
      const name = fieldName(event);
      if (!name) return;
      touched.current.add(name);
      void validate(new FormData(event.currentTarget), name);
    },
    onChange: (event: SyntheticEvent<HTMLFormElement>) => {
      const name = fieldName(event);
      if (name && (submitted.current || touched.current.has(name)))
        void validate(new FormData(event.currentTarget), name);
    },
    onSubmit: (event: FormEvent<HTMLFormElement>) => {
      event.preventDefault();
      submitted.current = true;
      const formElement = event.currentTarget;
      const formData = new FormData(formElement);
      void validate(formData).then((found = {}) => {
        const invalid = [...formElement.elements].find(
          (element) => (element as HTMLInputElement).name in found,
        );
        if (invalid) return (invalid as HTMLElement).focus();
        startTransition(() => formAction(formData));
      });
    },
  };

  /** The browser's message for a field if it has one, else the server's. */
  const errorFor = (name: Extract<keyof z.input<Schemas[K]>, string>): string | undefined =>
    errors[name]?.[0] ?? state.fieldErrors?.[name]?.[0];

  return { form, state, pending, errorFor };
}
