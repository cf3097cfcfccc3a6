import type { Metadata } from "next";
import { ButtonLink } from "@/components/ui/button";

export const metadata: Metadata = { title: "Page not found" };

export default function NotFound() {
  return (
    <div className="mx-auto flex max-w-md flex-col items-center px-4 py-24 text-center sm:py-32">
      <p className="font-mono text-sm font-semibold text-accent-text">404</p>
      <h1 className="mt-3 text-3xl font-semibold tracking-tight text-fg">Page not found</h1>
      <p className="mt-3 text-fg-muted">
        There is nothing at this address. If you followed a link from an email, it may have been
        mistyped or cut short by your mail app.
      </p>
      <div className="mt-8 flex flex-wrap justify-center gap-3">
        <ButtonLink href="/">Go to the home page</ButtonLink>
        <ButtonLink href="/login" variant="secondary">
          Log in
        </ButtonLink>
      </div>
    </div>
  );
}
