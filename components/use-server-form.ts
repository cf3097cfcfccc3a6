"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { startTransition, useActionState, type FormEvent } from "react";
import {
  useForm,
  type DefaultValues,
  type FieldValues,
  type Path,
  type Resolver,
} from "react-hook-form";
import type { z } from "zod";
import { idle, type FormState } from "@/lib/shared/form-state";

type Action = (state: FormState, formData: FormData) => Promise<FormState>;

/**
 * A form validated in the browser by the same zod schema the server uses, then submitted
 * to a server action. Without JavaScript the <form action> posts natively and the server
 * renders the result, so every form works either way.
 */
export function useServerForm<S extends z.ZodType<FieldValues, FieldValues>>(
  schema: S,
  action: Action,
  defaultValues?: DefaultValues<z.input<S>>,
) {
  const [state, formAction, pending] = useActionState(action, idle);
  const form = useForm<z.input<S>, unknown, z.output<S>>({
    // The resolver's generics cannot follow a generic schema; the types meet at useForm.
    resolver: zodResolver(schema as never) as unknown as Resolver<z.input<S>, unknown, z.output<S>>,
    defaultValues,
    mode: "onTouched",
  });

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    const formData = new FormData(event.currentTarget);
    void form.handleSubmit(() => startTransition(() => formAction(formData)))(event);
  };

  /** The browser's message for a field if it has one, else the server's. */
  const errorFor = (name: Path<z.input<S>>): string | undefined =>
    (form.formState.errors[name]?.message as string | undefined) ?? state.fieldErrors?.[name]?.[0];

  return { form, state, formAction, pending, onSubmit, errorFor };
}
