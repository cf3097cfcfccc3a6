import { cn } from "./cn";

export type StepIndicatorProps = {
  steps: string[];
  /** Index of the current step, 0-based. Steps before it are shown as done. */
  current: number;
  className?: string;
};

export function StepIndicator({ steps, current, className }: StepIndicatorProps) {
  return (
    // Every step but the last grows by the same share of free space, so the connector
    // lines stay equal however long the visible labels are.
    <ol aria-label="Progress" className={cn("flex items-center gap-2 sm:gap-3", className)}>
      {steps.map((step, i) => {
        const done = i < current;
        const active = i === current;
        const last = i === steps.length - 1;
        return (
          <li
            key={step}
            aria-current={active ? "step" : undefined}
            className={cn("flex items-center gap-2 sm:gap-3", last ? "flex-none" : "flex-auto")}
          >
            <span
              aria-hidden="true"
              className={cn(
                "grid size-6 shrink-0 place-items-center rounded-full text-xs font-semibold tabular-nums",
                done && "bg-accent text-accent-fg",
                active && "bg-accent-soft text-accent-text ring-2 ring-accent ring-inset",
                !done && !active && "border border-border-strong bg-surface text-fg-muted",
              )}
            >
              {done ? (
                <svg viewBox="0 0 16 16" fill="none" className="size-3.5">
                  <path
                    d="m3.5 8.5 3 3 6-7"
                    stroke="currentColor"
                    strokeWidth="2"
                    strokeLinecap="round"
                    strokeLinejoin="round"
                  />
                </svg>
              ) : (
                i + 1
              )}
            </span>
            {/* On narrow screens only the current step keeps its visible label. */}
            <span
              className={cn(
                "text-sm whitespace-nowrap",
                active ? "font-medium text-fg" : "sr-only text-fg-muted sm:not-sr-only",
              )}
            >
              <span className="sr-only">{`Step ${i + 1}: `}</span>
              {step}
              {done && <span className="sr-only"> (completed)</span>}
            </span>
            {!last && (
              <span
                aria-hidden="true"
                className={cn("h-px min-w-4 flex-1", done ? "bg-accent" : "bg-border-strong")}
              />
            )}
          </li>
        );
      })}
    </ol>
  );
}
