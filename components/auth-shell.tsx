import type { ReactNode } from "react";
import { cn } from "./ui/cn";
import { Card, CardContent, CardFooter, CardHeader } from "./ui/card";
import { StepIndicator, type Step } from "./ui/step-indicator";

export type AuthShellProps<K extends string> = {
  title: string;
  description?: ReactNode;
  steps?: readonly Step<K>[];
  /** Where in `steps` this page is ("done": past the last). */
  currentStep?: K | "done";
  /** A wider card, for pages that show a QR code and recovery codes. */
  wide?: boolean;
  children: ReactNode;
  footer?: ReactNode;
};

/** The centred card every workflow page (sign-up, confirm, login, verify, delete) sits in. */
export function AuthShell<K extends string>({
  title,
  description,
  steps,
  currentStep,
  wide = false,
  children,
  footer,
}: AuthShellProps<K>) {
  return (
    <div className="px-4 py-10 sm:py-16">
      <div className={cn("mx-auto w-full", wide ? "max-w-xl" : "max-w-md")}>
        {steps && currentStep && (
          <StepIndicator steps={steps} current={currentStep} className="mb-6 px-1" />
        )}
        <Card>
          <CardHeader title={title} description={description} />
          <CardContent>{children}</CardContent>
          {footer && <CardFooter>{footer}</CardFooter>}
        </Card>
      </div>
    </div>
  );
}
