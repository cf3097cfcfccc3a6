"use client";

import { ErrorView } from "@/components/error-view";

// A page or server action that failed (a database outage, say) shows this inside the
// site's layout, instead of Next.js's default page.
export default function ErrorPage({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return <ErrorView digest={error.digest} reset={reset} />;
}
