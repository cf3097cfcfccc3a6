import { CopyButton } from "./ui/copy-button";
import { QrCode } from "./ui/qr-code";

export type TotpSetupProps = {
  /** Base32 TOTP secret. */
  secret: string;
  /** The same, in groups of four for reading (`groupKey` in lib/auth/mfa/totp.ts). */
  groupedKey: string;
  /** The otpauth:// URI that encodes the secret. */
  uri: string;
  /** SVG document of the QR code for `uri`. */
  qrSvg: string;
  email: string;
  title?: string;
  description?: string;
  /** The heading's level: h3 inside a card whose own title is an h2. */
  as?: "h2" | "h3";
};

// No server module is imported here, so a client component (the replacement on /me) can
// show a key its server action returned, as the sign-up page shows the first one.
export function TotpSetup({
  secret,
  groupedKey,
  uri,
  qrSvg,
  email,
  title = "Set up your authenticator",
  description = "You will need a code from your authenticator app every time you log in. Open an app such as 1Password, Google Authenticator or Aegis and scan this QR code, or type the setup key.",
  as: Heading = "h2",
}: TotpSetupProps) {
  const key = secret.replace(/\s+/g, "");
  return (
    <section className="space-y-5">
      <div className="space-y-1.5">
        <Heading className="text-base font-semibold text-fg">{title}</Heading>
        <p className="text-sm leading-6 text-fg-muted">{description}</p>
      </div>

      <div className="flex flex-col items-center gap-5 rounded-lg border border-border bg-surface-muted/50 p-5 sm:flex-row sm:items-center sm:gap-6">
        <QrCode svg={qrSvg} label={`QR code to add ${email} to an authenticator app`} />
        <div className="w-full min-w-0 space-y-3 text-center sm:text-left">
          <div className="space-y-1">
            <p className="text-xs font-medium tracking-wide text-fg-muted uppercase">Setup key</p>
            {/* 19ch fits exactly four groups, so a 160-bit key shows as two even lines. */}
            <p className="mx-auto max-w-[19ch] font-mono text-base leading-7 font-medium break-words text-fg select-all sm:mx-0">
              {groupedKey}
            </p>
          </div>
          <CopyButton value={key} label="Copy key" />
          <p className="text-xs leading-5 text-fg-muted">
            Account <span className="font-medium break-words text-fg">{email}</span>
            <br />
            Time-based, 6 digits, every 30 seconds
          </p>
        </div>
      </div>

      <details className="group rounded-lg border border-border">
        <summary className="flex cursor-pointer list-none items-center justify-between gap-3 rounded-lg px-4 py-3 text-sm font-medium text-fg hover:bg-surface-muted [&::-webkit-details-marker]:hidden">
          Can&rsquo;t scan? Use the setup link
          <svg
            viewBox="0 0 16 16"
            fill="none"
            aria-hidden="true"
            className="size-4 shrink-0 text-fg-muted transition-transform group-open:rotate-180"
          >
            <path
              d="m4 6 4 4 4-4"
              stroke="currentColor"
              strokeWidth="1.5"
              strokeLinecap="round"
              strokeLinejoin="round"
            />
          </svg>
        </summary>
        <div className="space-y-3 border-t border-border px-4 py-4">
          <p className="text-sm leading-6 text-fg-muted">
            On the device that has your authenticator app, open or paste this link.
          </p>
          <p className="rounded-md bg-surface-muted px-3 py-2 font-mono text-xs leading-5 break-all text-fg">
            {uri}
          </p>
          <div className="flex flex-wrap items-center gap-3">
            <CopyButton value={uri} label="Copy link" />
            <a href={uri} className="link text-sm">
              Open in authenticator app
            </a>
          </div>
        </div>
      </details>
    </section>
  );
}
