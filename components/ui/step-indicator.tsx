import { cn } from "./cn";

export interface Step<K extends string = string> {
  key: K;
  label: string;
}

export type StepIndicatorProps<K extends string> = {
  steps: readonly Step<K>[];
  /** The current step; the steps before it are shown as done ("done": all of them). */
  current: K | "done";
  className?: string;
};

export function StepIndicator<K extends string>({
  steps,
  current,
  className,
}: StepIndicatorProps<K>) {
  const currentIndex =
    current === "done" ? steps.length : steps.findIndex((s) => s.key === current);
  return (
    // Every step but the last grows by the same share of free space, so the connector
    // lines stay equal however long the visible labels are.
    <ol aria-label="Progress" className={cn("flex items-center gap-2 sm:gap-3", className)}>
      {steps.map(({ key, label }, i) => {
        const done = i < currentIndex;
        const active = i === currentIndex;
        const last = i === steps.length - 1;
        return (
          <li
            key={key}
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
              {label}
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
