"use client";

import { useEffect, useRef, useState } from "react";
import { cn } from "./cn";
import { buttonStyles, type ButtonSize, type ButtonVariant } from "./button";

export type CopyButtonProps = {
  value: string;
  label?: string;
  variant?: ButtonVariant;
  size?: ButtonSize;
  className?: string;
};

type Status = "idle" | "copied" | "failed";

// navigator.clipboard exists only in secure contexts (HTTPS or localhost); a LAN dev server
// over plain HTTP still gets a working button through the legacy copy command.
async function writeClipboard(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.append(area);
    area.select();
    try {
      return document.execCommand("copy");
    } catch {
      return false;
    } finally {
      area.remove();
    }
  }
}

export function CopyButton({
  value,
  label = "Copy",
  variant = "secondary",
  size = "sm",
  className,
}: CopyButtonProps) {
  const [status, setStatus] = useState<Status>("idle");
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);

  useEffect(() => () => clearTimeout(timer.current), []);

  async function copy() {
    const ok = await writeClipboard(value);
    setStatus(ok ? "copied" : "failed");
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setStatus("idle"), 2000);
  }

  return (
    <>
      <button type="button" onClick={copy} className={buttonStyles({ variant, size, className })}>
        {status === "copied" ? (
          <svg
            viewBox="0 0 16 16"
            fill="none"
            aria-hidden="true"
            className="size-4 text-success-text"
          >
            <path
              d="m3.5 8.5 3 3 6-7"
              stroke="currentColor"
              strokeWidth="2"
              strokeLinecap="round"
              strokeLinejoin="round"
            />
          </svg>
        ) : (
          <svg viewBox="0 0 16 16" fill="none" aria-hidden="true" className="size-4">
            <rect
              x="5.5"
              y="5.5"
              width="8"
              height="8"
              rx="1.5"
              stroke="currentColor"
              strokeWidth="1.5"
            />
            <path
              d="M10.5 3.5v-.5a1 1 0 0 0-1-1h-6a1 1 0 0 0-1 1v6a1 1 0 0 0 1 1h.5"
              stroke="currentColor"
              strokeWidth="1.5"
              strokeLinecap="round"
            />
          </svg>
        )}
        {/* Both labels share one grid cell so the button never changes width; the label stays
            in the accessibility tree (transparent, not hidden) to keep the button's name. */}
        <span className="grid">
          <span className={cn("col-start-1 row-start-1", status === "copied" && "opacity-0")}>
            {label}
          </span>
          <span
            aria-hidden="true"
            className={cn("col-start-1 row-start-1", status !== "copied" && "invisible")}
          >
            Copied
          </span>
        </span>
      </button>
      <span aria-live="polite" className="sr-only">
        {status === "copied"
          ? "Copied to clipboard"
          : status === "failed"
            ? "Copy failed. Select the text and copy it manually."
            : ""}
      </span>
    </>
  );
}
