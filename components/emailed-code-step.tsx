import Link from "next/link";
import type { ComponentProps, ReactNode } from "react";
import type { FormState } from "@/lib/shared/form-state";
import { FormError } from "./form-error";
import { Alert } from "./ui/alert";
import { Button } from "./ui/button";
import { OtpInput } from "./ui/otp-input";

/** What this step needs of useServerForm's result, for a form with `email` and `code`. */
export interface CodeForm {
  form: ComponentProps<"form">;
  state: FormState;
  errorFor: (name: "email" | "code") => string | undefined;
}

/** Where the step is: the address asked for, and what the server answered, if it just did. */
export interface CodeStepProps {
  email: string;
  message?: string;
  devMailbox: boolean;
}

/**
 * The step after asking for an emailed link, on the page that asked: what was sent, a form
 * that takes the code from the same email instead of the link (for mail read on another
 * device) with the flow's other fields (`children`), and a way to start over.
 */
export function EmailedCodeStep({
  email,
  message,
  codeName,
  devMailbox,
  codeForm: { form, state, errorFor },
  startOver,
  children,
}: CodeStepProps & {
  /** What the email calls its code, e.g. "login code". */
  codeName: string;
  codeForm: CodeForm;
  startOver: () => Promise<void>;
  children: ReactNode;
}) {
  return (
    <div className="space-y-5">
      <Alert variant="success" title="Check your email">
        {message ?? `We sent a link and a ${codeName} to ${email}.`}
      </Alert>
      <p className="text-sm text-fg-muted">
        Open the link in the email on this device — or, if you read your mail elsewhere, enter the{" "}
        {codeName} from the email here.
        {devMailbox && (
          <>
            {" "}
            <Link href={`/dev/mailbox?to=${encodeURIComponent(email)}`} className="link">
              Open the development mailbox
            </Link>
            .
          </>
        )}
      </p>
      <form {...form} className="space-y-5">
        <FormError state={state} />
        <input type="hidden" name="email" defaultValue={email} />
        <OtpInput
          label={`${codeName[0]!.toUpperCase()}${codeName.slice(1)} from the email`}
          error={errorFor("code")}
          name="code"
        />
        {children}
      </form>
      <form action={startOver}>
        <Button type="submit" variant="ghost" size="sm">
          Use a different email address
        </Button>
      </form>
    </div>
  );
}
