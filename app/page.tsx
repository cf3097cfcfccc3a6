import Link from "next/link";
import type { ReactNode } from "react";
import { ButtonLink, buttonStyles } from "@/components/ui/button";

const curlExample = `curl -X POST "$APP_URL/api/v1/login" \\
  -H 'content-type: application/json' \\
  -d '{"email":"ada@example.com"}'`;

const factors: { title: string; body: string; icon: ReactNode }[] = [
  {
    title: "Emailed one-time link",
    body: "Proves you own the address. Each link works once, expires after 30 minutes and comes with a short code for when your mail is on another device.",
    icon: <path d="M3.5 6.5h17v11h-17zM3.5 7l8.5 6.5L20.5 7" strokeLinejoin="round" />,
  },
  {
    title: "Password",
    body: "Checked against a list of common and breached passwords, then stored only as a slow bcrypt hash. Never logged, never sent back.",
    icon: (
      <>
        <rect x="3.5" y="8" width="17" height="9" rx="2" />
        <path
          d="M7.5 12.5h.01M10.5 12.5h.01M13.5 12.5h.01M16.5 12.5h.01"
          strokeWidth="2.5"
          strokeLinecap="round"
        />
      </>
    ),
  },
  {
    title: "Authenticator app",
    body: "A fresh six-digit TOTP code every 30 seconds from 1Password, Google Authenticator, Aegis or similar, backed by ten single-use recovery codes.",
    icon: (
      <>
        <rect x="6.5" y="2.5" width="11" height="19" rx="2.5" />
        <path d="M12 8.5v3.5l2 1.5" strokeLinecap="round" strokeLinejoin="round" />
        <path d="M10.5 18.5h3" strokeLinecap="round" />
      </>
    ),
  },
];

const workflows: { title: string; steps: string[]; href: string; cta: string }[] = [
  {
    title: "Create an account",
    steps: [
      "Choose your email address and a password.",
      "Open the link we email you and enter your password again.",
      "Scan the QR code and save your recovery codes.",
    ],
    href: "/signup",
    cta: "Sign up",
  },
  {
    title: "Log in",
    steps: [
      "Enter your email address.",
      "Open the emailed link, or type its code where you started.",
      "Enter your password and a code from your authenticator.",
    ],
    href: "/login",
    cta: "Log in",
  },
  {
    title: "Delete your account",
    steps: [
      "Enter your email address and password.",
      "Open the link we email you.",
      "Your account and everything in it is erased.",
    ],
    href: "/account/delete",
    cta: "Delete account",
  },
];

function FactorPreview() {
  const rows = [
    { label: "Email link", value: "Opened" },
    { label: "Password", value: "Correct" },
    { label: "Authenticator", value: "482 913" },
  ];
  return (
    // Decorative illustration of a completed login; the page text says the same in words.
    <div aria-hidden="true" className="relative mx-auto w-full max-w-sm">
      <div className="absolute -inset-6 -z-10 rounded-[2rem] bg-linear-to-br from-accent/15 via-transparent to-transparent blur-2xl" />
      <div className="rounded-lg border border-border bg-surface p-5 shadow-card">
        <div className="flex items-center justify-between">
          <p className="text-sm font-semibold text-fg">Log in</p>
          <p className="text-xs text-fg-muted">3 of 3 factors</p>
        </div>
        <ul className="mt-4 space-y-2.5">
          {rows.map((row) => (
            <li
              key={row.label}
              className="flex items-center justify-between rounded-md border border-border bg-surface-muted/60 px-3 py-2.5"
            >
              <span className="flex items-center gap-2.5 text-sm text-fg">
                <span className="grid size-5 place-items-center rounded-full bg-accent text-accent-fg">
                  <svg viewBox="0 0 16 16" fill="none" className="size-3">
                    <path
                      d="m3.5 8.5 3 3 6-7"
                      stroke="currentColor"
                      strokeWidth="2.2"
                      strokeLinecap="round"
                      strokeLinejoin="round"
                    />
                  </svg>
                </span>
                {row.label}
              </span>
              <span className="font-mono text-xs text-fg-muted">{row.value}</span>
            </li>
          ))}
        </ul>
        <div className="mt-4 rounded-md bg-success-soft px-3 py-2 text-xs font-medium text-success-text">
          Welcome back. Previous login: yesterday, 18:42
        </div>
      </div>
    </div>
  );
}

export default function HomePage() {
  return (
    <>
      <section className="mx-auto grid max-w-6xl items-center gap-12 px-4 pt-14 pb-16 sm:px-6 sm:pt-20 lg:grid-cols-[1.1fr_1fr] lg:gap-16 lg:pb-24">
        <div>
          <p className="inline-flex items-center gap-2 rounded-full border border-border bg-surface px-3 py-1 text-xs font-medium text-fg-muted">
            <span className="size-1.5 rounded-full bg-accent" aria-hidden="true" />
            Email link · Password · Authenticator
          </p>
          <h1 className="mt-5 text-[2rem] leading-tight font-semibold tracking-tight text-balance text-fg sm:text-5xl">
            Every account, locked three ways.
          </h1>
          <p className="mt-5 max-w-xl text-lg leading-8 text-pretty text-fg-muted">
            Triplock guards sign-up, login and account deletion with three independent factors: a
            one-time link sent to your inbox, your password, and a code from your authenticator app.
          </p>
          <div className="mt-8 flex flex-wrap gap-3">
            <ButtonLink href="/signup" size="lg">
              Create an account
            </ButtonLink>
            <ButtonLink href="/login" size="lg" variant="secondary">
              Log in
            </ButtonLink>
          </div>
          <p className="mt-6 text-sm text-fg-muted">
            Building an integration?{" "}
            <Link href="/docs" className="link">
              Read the REST API docs
            </Link>
          </p>
        </div>
        <FactorPreview />
      </section>

      <section aria-labelledby="factors" className="border-t border-border bg-surface">
        <div className="mx-auto max-w-6xl px-4 py-16 sm:px-6 lg:py-20">
          <h2 id="factors" className="text-2xl font-semibold tracking-tight text-fg">
            Three factors, every time
          </h2>
          <p className="mt-2 max-w-2xl text-fg-muted">
            Something you can reach, something you know and something you have. A stolen password
            alone opens nothing.
          </p>
          <ul className="mt-10 grid gap-6 md:grid-cols-3">
            {factors.map((factor) => (
              <li key={factor.title} className="rounded-lg border border-border bg-bg p-6">
                <span className="grid size-10 place-items-center rounded-lg bg-accent-soft text-accent-text">
                  <svg
                    viewBox="0 0 24 24"
                    fill="none"
                    stroke="currentColor"
                    strokeWidth="1.6"
                    aria-hidden="true"
                    className="size-5"
                  >
                    {factor.icon}
                  </svg>
                </span>
                <h3 className="mt-4 font-semibold text-fg">{factor.title}</h3>
                <p className="mt-2 text-sm leading-6 text-fg-muted">{factor.body}</p>
              </li>
            ))}
          </ul>
        </div>
      </section>

      <section aria-labelledby="workflows" className="border-t border-border">
        <div className="mx-auto max-w-6xl px-4 py-16 sm:px-6 lg:py-20">
          <h2 id="workflows" className="text-2xl font-semibold tracking-tight text-fg">
            Three workflows, all verified by email
          </h2>
          <p className="mt-2 max-w-2xl text-fg-muted">
            Nothing happens to an account until its owner opens the link we send.
          </p>
          <ul className="mt-10 grid gap-6 md:grid-cols-3">
            {workflows.map((flow) => (
              <li
                key={flow.title}
                className="flex flex-col rounded-lg border border-border bg-surface p-6 shadow-card"
              >
                <h3 className="font-semibold text-fg">{flow.title}</h3>
                <ol className="mt-4 flex-1 space-y-3">
                  {flow.steps.map((step, i) => (
                    <li key={step} className="flex gap-3 text-sm leading-6 text-fg-muted">
                      <span
                        aria-hidden="true"
                        className="mt-0.5 grid size-5 shrink-0 place-items-center rounded-full border border-border-strong text-[0.6875rem] font-semibold text-fg tabular-nums"
                      >
                        {i + 1}
                      </span>
                      {step}
                    </li>
                  ))}
                </ol>
                <Link href={flow.href} className="link mt-6 text-sm">
                  {flow.cta}
                  <span aria-hidden="true"> →</span>
                </Link>
              </li>
            ))}
          </ul>
        </div>
      </section>

      <section aria-labelledby="api" className="border-t border-border bg-surface">
        <div className="mx-auto grid max-w-6xl items-center gap-10 px-4 py-16 sm:px-6 lg:grid-cols-2 lg:py-20">
          <div>
            <h2 id="api" className="text-2xl font-semibold tracking-tight text-fg">
              The same flows, for programs
            </h2>
            <p className="mt-3 text-fg-muted">
              A versioned JSON API under <code className="font-mono text-sm text-fg">/api/v1</code>{" "}
              runs the same three workflows with the same checks, and answers errors as RFC 9457
              problem details. Logging in gives a bearer token.
            </p>
            <div className="mt-6 flex flex-wrap gap-3">
              <ButtonLink href="/docs" variant="secondary">
                Read the API docs
              </ButtonLink>
              <a href="/api/openapi.json" className={buttonStyles({ variant: "ghost" })}>
                OpenAPI 3.1 document
              </a>
            </div>
          </div>
          <pre className="rounded-lg border border-zinc-800 bg-zinc-950 p-4 font-mono text-xs leading-6 break-words whitespace-pre-wrap text-zinc-200 sm:p-5 sm:text-[0.8125rem]">
            <code>
              <span className="text-zinc-400"># Ask for a login link</span>
              {"\n"}
              {curlExample}
              {"\n\n"}
              <span className="text-emerald-300">HTTP/1.1 202 Accepted</span>
            </code>
          </pre>
        </div>
      </section>
    </>
  );
}
