"use client";

import { useActionState, useEffect, useRef } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { idle } from "@/lib/shared/form-state";
import { confirmDeletionAction } from "../actions";

/** Submits the deletion once, on load; the button is there when JavaScript is not. */
export function AutoDelete() {
  const [state, formAction, pending] = useActionState(confirmDeletionAction, idle);
  const form = useRef<HTMLFormElement>(null);
  const submitted = useRef(false);

  useEffect(() => {
    if (submitted.current) return;
    submitted.current = true;
    form.current?.requestSubmit();
  }, []);

  return (
    <form ref={form} action={formAction} className="space-y-5">
      {state.status === "error" ? (
        <Alert variant="error">{state.message}</Alert>
      ) : (
        <p className="text-sm text-fg-muted" aria-live="polite">
          {pending
            ? "Deleting your account…"
            : "Opening this link deletes your account and everything in it."}
        </p>
      )}
      <Button
        type="submit"
        variant="danger"
        className="w-full"
        pending={pending}
        disabled={state.status === "error"}
      >
        Delete my account now
      </Button>
    </form>
  );
}
