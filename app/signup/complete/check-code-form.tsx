"use client";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { OtpInput } from "@/components/ui/otp-input";
import { useServerForm } from "@/components/use-server-form";
import { checkCodeAction } from "./actions";

export function CheckCodeForm() {
  const { form, state, pending, errorFor } = useServerForm("totpCheckRequest", checkCodeAction);
  return (
    <section
      aria-labelledby="check-code-heading"
      className="space-y-3 rounded-lg border border-border p-4"
    >
      <h2 id="check-code-heading" className="text-base font-semibold text-fg">
        Check your authenticator (recommended)
      </h2>
      {state.status === "success" ? (
        <Alert variant="success">{state.message}</Alert>
      ) : (
        <form {...form} className="flex flex-col gap-3 sm:flex-row sm:items-end">
          <div className="flex-1">
            <OtpInput
              label="Code from your app"
              error={errorFor("code") ?? (state.fieldErrors ? undefined : state.message)}
              name="code"
            />
          </div>
          <Button type="submit" variant="secondary" pending={pending}>
            Check code
          </Button>
        </form>
      )}
    </section>
  );
}
