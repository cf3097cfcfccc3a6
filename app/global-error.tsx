"use client";

import { ErrorView } from "@/components/error-view";
import "./globals.css";

// When the layout itself fails (it checks the session, so a database outage does that),
// this replaces the whole document.
export default function GlobalError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <html lang="en">
      <head>
        <title>Something went wrong · Triplock</title>
      </head>
      <body className="flex min-h-dvh flex-col">
        <main id="main" className="flex-1">
          <ErrorView digest={error.digest} reset={reset} />
        </main>
      </body>
    </html>
  );
}
