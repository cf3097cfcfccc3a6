"use client";

import { Button, ButtonLink } from "./ui/button";

/** What a page that failed shows instead: plain words, a way forward, a reference. */
export function ErrorView({
  digest,
  reset,
}: {
  /** Next.js's reference for the error in the server log, safe to show. */
  digest?: string;
  /** Renders the failed segment again. */
  reset: () => void;
}) {
  return (
    <div className="mx-auto flex max-w-md flex-col items-center px-4 py-24 text-center sm:py-32">
      <p className="font-mono text-sm font-semibold text-accent-text">Something went wrong</p>
      <h1 className="mt-3 text-3xl font-semibold tracking-tight text-fg">
        We could not finish that
      </h1>
      <p className="mt-3 text-fg-muted">
        The service may be briefly unavailable. Nothing was half done: try again in a moment.
      </p>
      <div className="mt-8 flex flex-wrap justify-center gap-3">
        <Button onClick={reset}>Try again</Button>
        <ButtonLink href="/" variant="secondary">
          Go to the home page
        </ButtonLink>
      </div>
      {digest && <p className="mt-8 font-mono text-xs text-fg-muted">Reference: {digest}</p>}
    </div>
  );
}
