"use client";

import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { useServerForm } from "@/components/use-server-form";
import { confirmAction } from "../actions";

export function ConfirmForm() {
  const { form, state, pending, errorFor } = useServerForm("signupConfirmForm", confirmAction);
  const linkDead = state.status === "error" && !state.fieldErrors;

  return (
    <form {...form} className="space-y-5">
      {linkDead && (
        <Alert variant="error" title="This link cannot be used">
          {state.message}{" "}
          <Link href="/signup" className="font-medium underline underline-offset-4">
            Start again
          </Link>
        </Alert>
      )}
      <Field
        label="Password"
        type="password"
        autoComplete="current-password"
        autoFocus
        required
        error={errorFor("password")}
        name="password"
      />
      <Button type="submit" className="w-full" pending={pending} disabled={linkDead}>
        Activate my account
      </Button>
    </form>
  );
}
