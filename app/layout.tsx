import type { Metadata, Viewport } from "next";
import Link from "next/link";
import { connection } from "next/server";
import type { ReactNode } from "react";
import { ButtonLink } from "@/components/ui/button";
import { currentSession } from "@/lib/web/auth";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Triplock — accounts locked three ways", template: "%s · Triplock" },
  description:
    "Sign up, log in and delete your account with three factors: an emailed one-time link, a password and an authenticator app.",
  applicationName: "Triplock",
  icons: { icon: { url: "/icon.svg", type: "image/svg+xml" } },
};

export const viewport: Viewport = {
  colorScheme: "light dark",
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#fafafa" },
    { media: "(prefers-color-scheme: dark)", color: "#09090b" },
  ],
};

function BrandMark() {
  return (
    <svg viewBox="0 0 32 32" aria-hidden="true" className="size-7 shrink-0">
      <rect width="32" height="32" rx="8" fill="#4f46e5" />
      <path
        d="M11 14.5V11a5 5 0 0 1 10 0v3.5"
        fill="none"
        stroke="#fff"
        strokeWidth="2.5"
        strokeLinecap="round"
      />
      <rect x="7.5" y="14" width="17" height="12" rx="2.5" fill="#fff" />
      <circle cx="11.75" cy="20" r="1.6" fill="#4f46e5" />
      <circle cx="16" cy="20" r="1.6" fill="#4f46e5" />
      <circle cx="20.25" cy="20" r="1.6" fill="#4f46e5" />
    </svg>
  );
}

const navLink =
  "rounded-md px-1.5 py-1.5 text-sm font-medium whitespace-nowrap text-fg-muted transition-colors hover:text-fg sm:px-3";

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Render every page per request: Next.js can only put proxy.ts's CSP nonce on its inline
  // scripts at request time, and a prerendered page's scripts would all be refused.
  await connection();
  const session = await currentSession();
  return (
    <html lang="en">
      <body className="flex min-h-dvh flex-col">
        <a
          href="#main"
          className="fixed top-3 left-3 z-50 -translate-y-24 rounded-lg border border-border bg-surface px-4 py-2 text-sm font-medium text-fg shadow-card focus:translate-y-0"
        >
          Skip to content
        </a>
        <header className="border-b border-border bg-surface/80 backdrop-blur supports-backdrop-filter:bg-surface/70">
          <div className="mx-auto flex h-16 max-w-6xl items-center justify-between gap-3 px-4 sm:px-6">
            <Link
              href="/"
              className="-mx-1 flex items-center gap-2 rounded-md px-1 py-1 text-fg sm:gap-2.5"
            >
              <BrandMark />
              <span className="text-base font-semibold tracking-tight sm:text-lg">Triplock</span>
            </Link>
            <nav aria-label="Main" className="flex items-center gap-0.5 sm:gap-1">
              <Link href="/docs" className={navLink}>
                API docs
              </Link>
              {session ? (
                <>
                  <Link href="/me" className={navLink}>
                    Your account
                  </Link>
                  <ButtonLink
                    href="/logout"
                    variant="secondary"
                    size="sm"
                    className="ml-1 sm:ml-1.5"
                    prefetch={false}
                  >
                    Log out
                  </ButtonLink>
                </>
              ) : (
                <>
                  <Link href="/login" className={navLink}>
                    Log in
                  </Link>
                  <ButtonLink href="/signup" size="sm" className="ml-1 sm:ml-1.5">
                    Sign up
                  </ButtonLink>
                </>
              )}
            </nav>
          </div>
        </header>
        <main id="main" tabIndex={-1} className="flex-1 focus:outline-none">
          {children}
        </main>
        <footer className="border-t border-border">
          <div className="mx-auto flex max-w-6xl flex-col gap-3 px-4 py-6 text-sm text-fg-muted sm:flex-row sm:items-center sm:justify-between sm:px-6">
            <p>Triplock — email link, password and authenticator, every time.</p>
            <ul className="flex gap-5">
              <li>
                <Link href="/docs" className="hover:text-fg">
                  API docs
                </Link>
              </li>
              <li>
                <a href="/api/openapi.json" className="hover:text-fg">
                  OpenAPI
                </a>
              </li>
            </ul>
          </div>
        </footer>
      </body>
    </html>
  );
}
