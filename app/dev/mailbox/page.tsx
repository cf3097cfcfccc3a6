import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Card, CardContent, CardHeader } from "@/components/ui/card";
import { config } from "@/lib/server/config";
import { listDevMail } from "@/lib/email/dev-mailbox";

export const metadata: Metadata = { title: "Development mailbox" };

// Mail "sent" while no RESEND_API_KEY is set. Not available in production.
export default async function MailboxPage({
  searchParams,
}: {
  searchParams: Promise<{ to?: string }>;
}) {
  if (!config().devMailbox) notFound();
  const { to } = await searchParams;
  const mail = await listDevMail(to);

  return (
    <div className="mx-auto w-full max-w-4xl px-4 py-10">
      <Card>
        <CardHeader
          title="Development mailbox"
          description="Emails are not sent while RESEND_API_KEY is unset: they are printed to the server log and kept here. Newest first."
        />
        <CardContent className="space-y-6">
          <form className="flex flex-wrap items-end gap-3" role="search">
            <label className="flex-1 text-sm font-medium text-fg">
              Recipient
              <input
                name="to"
                type="email"
                defaultValue={to}
                placeholder="All recipients"
                className="mt-1.5 block h-10 w-full rounded-lg border border-border-strong bg-surface px-3 text-sm text-fg"
              />
            </label>
            <button
              type="submit"
              className="h-10 rounded-lg border border-border-strong px-4 text-sm font-medium text-fg hover:bg-surface-muted"
            >
              Filter
            </button>
          </form>
          {mail.length === 0 ? (
            <p className="text-sm text-fg-muted">No mail yet{to ? ` for ${to}` : ""}.</p>
          ) : (
            <ul className="space-y-4">
              {mail.map((m) => (
                <li key={m.id} className="rounded-lg border border-border">
                  <details>
                    <summary className="cursor-pointer list-none p-4">
                      <span className="block font-medium text-fg">{m.subject}</span>
                      <span className="block text-sm text-fg-muted">
                        To {m.to} ·{" "}
                        <time dateTime={m.createdAt}>{new Date(m.createdAt).toUTCString()}</time>
                      </span>
                    </summary>
                    <pre className="overflow-x-auto border-t border-border p-4 font-mono text-xs leading-relaxed whitespace-pre-wrap text-fg">
                      <MailText text={m.text} />
                    </pre>
                  </details>
                </li>
              ))}
            </ul>
          )}
        </CardContent>
      </Card>
    </div>
  );
}

/** The text part with its links made clickable. */
function MailText({ text }: { text: string }) {
  return text.split(/(https?:\/\/\S+)/).map((part, i) =>
    /^https?:\/\//.test(part) ? (
      <a key={i} href={part} className="text-accent-text underline underline-offset-2">
        {part}
      </a>
    ) : (
      part
    ),
  );
}
