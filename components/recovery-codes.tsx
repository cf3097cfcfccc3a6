import { Alert } from "./ui/alert";
import { buttonStyles } from "./ui/button";
import { CopyButton } from "./ui/copy-button";

export type RecoveryCodesProps = {
  codes: string[];
  email: string;
};

export function RecoveryCodes({ codes, email }: RecoveryCodesProps) {
  const all = codes.join("\n");
  const date = new Date().toISOString().slice(0, 10);
  const file = [
    `Triplock recovery codes for ${email} (generated ${date})`,
    "Each code works once, in place of an authenticator code.",
    "",
    all,
    "",
  ].join("\n");

  return (
    <section className="space-y-4">
      <div className="space-y-1.5">
        <h2 className="text-base font-semibold text-fg">Save your recovery codes</h2>
        <p className="text-sm leading-6 text-fg-muted">
          If you lose your authenticator, each of these codes lets you log in once. Keep them
          somewhere safe, such as a password manager.
        </p>
      </div>
      <Alert variant="warning" title="Shown only once">
        We store only a fingerprint of each code, so we cannot show them to you again.
      </Alert>
      <ol className="grid grid-cols-2 gap-x-3 gap-y-2 rounded-lg border border-border bg-surface-muted/50 px-3 py-4 font-mono text-[0.8125rem] text-fg tabular-nums sm:px-5 sm:text-sm">
        {codes.map((code) => (
          <li key={code} className="text-center whitespace-nowrap">
            {code}
          </li>
        ))}
      </ol>
      <div className="flex flex-wrap gap-3">
        <CopyButton value={all} label="Copy codes" />
        <a
          href={`data:text/plain;charset=utf-8,${encodeURIComponent(file)}`}
          download="triplock-recovery-codes.txt"
          className={buttonStyles({ variant: "secondary", size: "sm" })}
        >
          <svg viewBox="0 0 16 16" fill="none" aria-hidden="true" className="size-4">
            <path
              d="M8 2.5v7.5m0 0 3-3m-3 3-3-3M3 11.5v1a1 1 0 0 0 1 1h8a1 1 0 0 0 1-1v-1"
              stroke="currentColor"
              strokeWidth="1.5"
              strokeLinecap="round"
              strokeLinejoin="round"
            />
          </svg>
          Download
        </a>
      </div>
    </section>
  );
}
