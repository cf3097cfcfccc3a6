import type { Metadata } from "next";
import type { ReactNode } from "react";
import { problems } from "@/lib/shared/problems";
import { LINK_PAGES } from "@/lib/shared/routes";
import { ApiReference } from "./api-reference";

export const metadata: Metadata = { title: "API documentation" };

// A short human introduction, then Scalar's interactive reference of /api/openapi.json.

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="space-y-2">
      <h2 className="text-lg font-semibold text-fg">{title}</h2>
      <div className="space-y-2 text-sm leading-6 text-fg-muted">{children}</div>
    </section>
  );
}

const Code = ({ children }: { children: ReactNode }) => (
  <code className="font-mono text-[0.8125rem] text-fg">{children}</code>
);

export default function DocsPage() {
  return (
    <div className="mx-auto w-full max-w-6xl px-4 py-10">
      <div className="max-w-3xl space-y-8">
        <div className="space-y-3">
          <h1 className="text-3xl font-semibold tracking-tight text-fg">Triplock API</h1>
          <p className="text-fg-muted">
            Everything the pages do, a program can do through <Code>/api/v1</Code>: JSON in, JSON
            out, described by the OpenAPI 3.1 document at{" "}
            <a href="/api/openapi.json" className="link">
              /api/openapi.json
            </a>
            , from which the reference below is drawn. Try any request from it: open an operation
            and press <em>Test Request</em>.
          </p>
        </div>

        <Section title="The three workflows">
          <ol className="list-decimal space-y-1 pl-5">
            <li>
              <strong className="text-fg">Create an account</strong>: <Code>POST /signup</Code>{" "}
              mails a link and a code; confirm with the link&rsquo;s token and the password again (
              <Code>/signup/confirm</Code>), or with HTTP Basic and the code (
              <Code>/signup/activate</Code>). The answer carries the TOTP key and ten recovery
              codes, once.
            </li>
            <li>
              <strong className="text-fg">Log in</strong>: <Code>POST /login</Code> mails a link and
              a code; complete with the link&rsquo;s token (or the address and the code), the
              password and a TOTP code (or a recovery code) at <Code>/login/complete</Code>.
            </li>
            <li>
              <strong className="text-fg">Delete the account</strong>: the email and password (
              <Code>/account/delete</Code>) mail a link; its token deletes the account (
              <Code>/account/delete/confirm</Code>).
            </li>
          </ol>
          <p>
            Around them, signed in: change the password, replace the authenticator, new recovery
            codes, and the sessions (<Code>/me/…</Code>); signed out, a forgotten password (
            <Code>/password/forgot</Code>, <Code>/password/reset</Code>).
          </p>
        </Section>

        <Section title="Tokens and links">
          <p>
            A completed login answers with an <Code>accessToken</Code>: send it as{" "}
            <Code>Authorization: Bearer …</Code>. It is a server-side session, ended by{" "}
            <Code>POST /logout</Code> or from the session list, at once and everywhere. Emailed
            links open these pages, with the token in <Code>?token=</Code>, the same token the API
            takes:
          </p>
          <ul className="space-y-1 pl-5">
            {Object.entries(LINK_PAGES).map(([purpose, page]) => (
              <li key={purpose} className="list-disc">
                <Code>{page}</Code> ({purpose.toLowerCase().replace("_", " ")})
              </li>
            ))}
          </ul>
          <p>
            Each link and its code work once, expire (30 and 10 minutes by default), and die after 5
            failed attempts each.
          </p>
        </Section>

        <Section title="Errors">
          <p>
            Every error is <Code>application/problem+json</Code> (RFC 9457) with a stable{" "}
            <Code>code</Code>; validation errors add <Code>errors</Code> per field, and 429 and 503
            carry <Code>Retry-After</Code>. A wrong password and a wrong code get the same answer,
            and no answer tells whether an address has an account.
          </p>
          <dl className="grid gap-x-6 gap-y-1 sm:grid-cols-2">
            {Object.entries(problems).map(([code, p]) => (
              <div key={code} id={`problem-${code}`} className="flex gap-3">
                <dt className="shrink-0 font-mono text-xs leading-6 text-fg">{p.status}</dt>
                <dd>
                  <Code>{code}</Code> — {p.title}
                </dd>
              </div>
            ))}
          </dl>
        </Section>
      </div>

      <div className="mt-12 border-t border-border pt-8">
        <ApiReference />
      </div>
    </div>
  );
}
