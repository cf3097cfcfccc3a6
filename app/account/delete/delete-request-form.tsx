"use client";

import { FormError } from "@/components/form-error";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { useServerForm } from "@/components/use-server-form";
import { requestDeletionAction } from "./actions";

export function DeleteRequestForm({ email }: { email?: string }) {
  const { form, state, pending, errorFor } = useServerForm(
    "accountDeleteRequest",
    requestDeletionAction,
  );
  if (state.status === "success") {
    return (
      <Alert variant="success" title="Check your email">
        {state.message}
      </Alert>
    );
  }
  return (
    <form {...form} className="space-y-5">
      <Alert variant="warning">
        Deleting removes your password, authenticator key, recovery codes, sessions and login
        history. It cannot be undone.
      </Alert>
      <FormError state={state} />
      <Field
        label="Email address"
        type="email"
        autoComplete="email"
        defaultValue={state.values?.email ?? email}
        error={errorFor("email")}
        name="email"
      />
      <Field
        label="Password"
        type="password"
        autoComplete="current-password"
        error={errorFor("password")}
        name="password"
      />
      <Button type="submit" variant="danger" className="w-full" pending={pending}>
        Email me a deletion link
      </Button>
    </form>
  );
}
