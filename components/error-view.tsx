import type { ReactNode } from "react";

/** What a page that failed shows instead: plain words, a way forward, a reference. */
export function ErrorView({
  digest,
  actions,
}: {
  /** Next.js's reference for the error in the server log, safe to show. */
  digest?: string;
  actions: ReactNode;
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
      <div className="mt-8 flex flex-wrap justify-center gap-3">{actions}</div>
      {digest && <p className="mt-8 font-mono text-xs text-fg-muted">Reference: {digest}</p>}
    </div>
  );
}
