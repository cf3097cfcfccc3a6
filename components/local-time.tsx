"use client";

/**
 * A timestamp in the reader's own time zone. The server renders UTC; the browser replaces
 * it with local time, so the text differs on purpose between the two.
 */
export function LocalTime({
  iso,
  fallback = "—",
}: {
  iso: string | null | undefined;
  fallback?: string;
}) {
  if (!iso) return <>{fallback}</>;
  const date = new Date(iso);
  const text =
    typeof window === "undefined"
      ? `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`
      : date.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
  return (
    <time dateTime={iso} suppressHydrationWarning>
      {text}
    </time>
  );
}
