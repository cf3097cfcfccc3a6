"use client";

import Link from "next/link";
import { FormError } from "@/components/form-error";
import { SecondFactorFields } from "@/components/second-factor-fields";
import { TotpSetup } from "@/components/totp-setup";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { OtpInput } from "@/components/ui/otp-input";
import { useServerForm } from "@/components/use-server-form";
import { PAGES } from "@/lib/shared/routes";
import { confirmReplacementAction, startReplacementAction, type NewKeyState } from "./actions";
import { RecoveryCodesView, useRecoveryCodesForm } from "./recovery-codes-form";

/**
 * Password and current second factor → a new key, shown once → a code from it makes it the
 * only key → new recovery codes, offered right there. Without JavaScript a post renders the
 * page afresh with that one form's result, so the three forms' states all live here, each
 * form keeps its place in the tree, and the step shown is the furthest any state reached.
 * After a failed confirmation without JavaScript the key is not on the page any more (it is
 * shown once): the way back is to start again.
 */
export function ReplaceAuthenticator({ email }: { email: string }) {
  const start = useServerForm("authenticatorForm", startReplacementAction);
  const confirm = useServerForm("authenticatorConfirmRequest", confirmReplacementAction);
  const regenerate = useRecoveryCodesForm();
  const { key } = start.state as NewKeyState;
  const confirmed = confirm.state.status === "success";
  const regenerating = regenerate.state.status !== "idle";
  const confirming = !confirmed && (key !== undefined || confirm.state.status === "error");

  return (
    <div className="space-y-6">
      {confirmed ? (
        <Alert variant="success">{confirm.state.message}</Alert>
      ) : regenerating ? null : confirming ? (
        <>
          {key ? (
            <>
              <Alert variant="info">{start.state.message}</Alert>
              <TotpSetup
                {...key}
                email={email}
                as="h3"
                title="Add the new key to your authenticator app"
                description="Scan this QR code with your authenticator app, or type the setup key. Keep the old entry until the new key is confirmed."
              />
            </>
          ) : (
            <p className="text-sm text-fg-muted">
              The new key is shown only once. If it is not in your authenticator app yet,{" "}
              <Link href={PAGES.me} className="link">
                start again
              </Link>
              : your old key keeps working until a new one is confirmed.
            </p>
          )}
          <form {...confirm.form} className="space-y-4">
            <OtpInput
              label="Code from the new key"
              hint="The 6-digit code your app shows for the new entry."
              error={
                confirm.errorFor("totp") ??
                (confirm.state.fieldErrors ? undefined : confirm.state.message)
              }
              name="totp"
            />
            <Button type="submit" pending={confirm.pending}>
              Confirm new key
            </Button>
          </form>
        </>
      ) : (
        <form {...start.form} className="space-y-4">
          <FormError state={start.state} />
          <Field
            label="Password"
            type="password"
            autoComplete="current-password"
            required
            error={start.errorFor("password")}
            name="password"
          />
          <SecondFactorFields errorFor={start.errorFor} state={start.state} />
          <Button type="submit" variant="secondary" pending={start.pending}>
            Get a new key
          </Button>
        </form>
      )}
      {(confirmed || regenerating) && (
        <RecoveryCodesView
          email={email}
          regenerate={regenerate}
          intro={
            <div className="space-y-1.5">
              <h3 className="text-base font-semibold text-fg">New recovery codes</h3>
              <p className="text-sm leading-6 text-fg-muted">
                Your recovery codes still work. If you replaced the authenticator because it was
                lost, get a fresh set too, with your password and a code from the new key.
              </p>
            </div>
          }
        />
      )}
    </div>
  );
}
