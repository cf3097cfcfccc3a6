import type { ReactNode } from "react";
import { cn } from "./ui/cn";
import { Card, CardContent, CardFooter, CardHeader } from "./ui/card";
import { StepIndicator } from "./ui/step-indicator";

export type AuthShellProps = {
  title: string;
  description?: ReactNode;
  steps?: string[];
  /** 0-based index into `steps`. */
  currentStep?: number;
  /** A wider card, for pages that show a QR code and recovery codes. */
  wide?: boolean;
  children: ReactNode;
  footer?: ReactNode;
};

/** The centred card every workflow page (sign-up, confirm, login, verify, delete) sits in. */
export function AuthShell({
  title,
  description,
  steps,
  currentStep = 0,
  wide = false,
  children,
  footer,
}: AuthShellProps) {
  return (
    <div className="px-4 py-10 sm:py-16">
      <div className={cn("mx-auto w-full", wide ? "max-w-xl" : "max-w-md")}>
        {steps && steps.length > 0 && (
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
