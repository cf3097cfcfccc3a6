import type { ComponentProps, ReactNode } from "react";
import { cn } from "./cn";

export function Card({ className, ...props }: ComponentProps<"div">) {
  return (
    <div
      className={cn("rounded-lg border border-border bg-surface shadow-card", className)}
      {...props}
    />
  );
}

export type CardHeaderProps = {
  title: ReactNode;
  description?: ReactNode;
  /** Decorative icon shown in a tile above the title. */
  icon?: ReactNode;
  as?: "h1" | "h2";
  className?: string;
};

export function CardHeader({
  title,
  description,
  icon,
  as: Heading = "h1",
  className,
}: CardHeaderProps) {
  return (
    <div className={cn("space-y-2 px-6 pt-6 sm:px-8 sm:pt-8", className)}>
      {icon && (
        <div
          aria-hidden="true"
          className="mb-4 grid size-10 place-items-center rounded-lg border border-border bg-surface-muted text-accent-text [&>svg]:size-5"
        >
          {icon}
        </div>
      )}
      <Heading className="text-xl font-semibold tracking-tight text-balance text-fg">
        {title}
      </Heading>
      {description && <div className="text-sm leading-6 text-fg-muted">{description}</div>}
    </div>
  );
}

export function CardContent({ className, ...props }: ComponentProps<"div">) {
  return <div className={cn("px-6 py-6 sm:px-8", className)} {...props} />;
}

export function CardFooter({ className, ...props }: ComponentProps<"div">) {
  return (
    <div
      className={cn(
        "rounded-b-lg border-t border-border bg-surface-muted/60 px-6 py-4 text-sm text-fg-muted sm:px-8",
        className,
      )}
      {...props}
    />
  );
}
