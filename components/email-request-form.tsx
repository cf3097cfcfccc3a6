"use client";

import type { ReactNode } from "react";
import type { FormState } from "@/lib/shared/form-state";
import { FormError } from "./form-error";
import { Button } from "./ui/button";
import { Field } from "./ui/field";
import { useServerForm } from "./use-server-form";

/**
 * The first step of a flow proven by email (login, password reset): the address, then, in
 * its place, the step that waits for the email. `pendingEmail` is the address asked for
 * earlier, from a cookie, so a reload or a post without JavaScript stays on that step.
 */
export function EmailRequestForm({
  action,
  submitLabel,
  pendingEmail,
  children,
}: {
  action: (state: FormState, formData: FormData) => Promise<FormState>;
  submitLabel: string;
  pendingEmail?: string;
  /** The step that follows, for the address asked for and what the server answered. */
  children: (email: string, message: string | undefined) => ReactNode;
}) {
  const { form, state, pending, errorFor } = useServerForm("emailOnlyRequest", action);
  const email = state.status === "success" ? state.values?.email : pendingEmail;
  if (email) return children(email, state.message);
  return (
    <form {...form} className="space-y-5">
      <FormError state={state} />
      <Field
        label="Email address"
        type="email"
        autoComplete="email"
        required
        defaultValue={state.values?.email}
        error={errorFor("email")}
        name="email"
      />
      <Button type="submit" className="w-full" pending={pending}>
        {submitLabel}
      </Button>
    </form>
  );
}
