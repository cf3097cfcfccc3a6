import { appendFileSync, readFileSync } from "node:fs";

// Threat: a password, a link's token, a code, a TOTP key, a recovery code or an access token
// written to a server's log, where operators, log pipelines and backups can read it; or an
// email address logged in clear. The API tests note every secret and address their run sees
// (in the requests they send, the answers and the mail they read) in one file shared by the
// run's workers, and every server's whole log is searched for each of them when it stops.

/** Names the file (set by e2e/support/global-setup.ts, read by every worker). */
export const SECRETS_FILE_ENV = "TRIPLOCK_SECRETS_SEEN";

// Fields whose values are secrets, in requests and answers alike.
const SECRET_FIELDS = new Set([
  "password",
  "currentPassword",
  "newPassword",
  "token",
  "code",
  "totp",
  "recoveryCode",
  "recoveryCodes",
  "accessToken",
  "secret",
  "uri",
]);

interface Seen {
  secrets: string[];
  emails: string[];
}

/**
 * Whether a value is worth searching for. Short values would match by chance (a 4-digit code
 * is a segment of some request id now and then, so codes count from 6 digits); a password of
 * lower-case letters alone ("password") is a word the log uses on purpose ("which factor
 * failed: password"), so only the tests' real passphrases (spaces, digits, capitals) count.
 */
function searchable(value: string): boolean {
  if (/^\d{6,}$/.test(value)) return true; // codes and TOTP codes
  return value.length >= 8 && /[^a-z]/.test(value);
}

function walk(value: unknown, seen: Seen, key?: string): void {
  if (typeof value === "string") {
    if (key === "email" && value.includes("@")) seen.emails.push(value);
    // A problem's `code` is a word ("invalid_credentials"); an emailed code is digits.
    else if (key === "code" && !/^\d+$/.test(value)) return;
    else if (key && SECRET_FIELDS.has(key) && searchable(value)) seen.secrets.push(value);
  } else if (Array.isArray(value)) {
    for (const item of value) walk(item, seen, key);
  } else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) walk(v, seen, k);
  }
}

function parse(text: string | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Notes what a request carries: its JSON body, Basic credentials, a bearer token. */
export function noteRequest(body: string | undefined, headers: Record<string, string> = {}): void {
  const seen: Seen = { secrets: [], emails: [] };
  walk(parse(body), seen);
  const authorization = Object.entries(headers).find(([k]) => /^authorization$/i.test(k))?.[1];
  const basic = /^Basic\s+(\S+)/i.exec(authorization ?? "")?.[1];
  if (basic) {
    const decoded = Buffer.from(basic, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon > 0)
      walk({ email: decoded.slice(0, colon), password: decoded.slice(colon + 1) }, seen);
  }
  const bearer = /^Bearer\s+(\S+)/i.exec(authorization ?? "")?.[1];
  if (bearer) walk({ accessToken: bearer }, seen);
  record(seen);
}

/** Notes what an answer carries: secrets in JSON, and the links and codes of mail read. */
export function noteAnswer(text: string): void {
  const seen: Seen = { secrets: [], emails: [] };
  const body = parse(text);
  walk(body, seen);
  for (const mail of Array.isArray(body) ? body : []) {
    const content = `${(mail as { text?: string }).text ?? ""}`;
    const found = [
      ...content.matchAll(/[?&]token=([A-Za-z0-9_-]+)/g),
      ...content.matchAll(/code: (\d+)/gi),
    ].map((match) => match[1]!);
    seen.secrets.push(...found.filter(searchable));
  }
  record(seen);
}

function record(seen: Seen): void {
  const file = process.env[SECRETS_FILE_ENV];
  if (!file || (seen.secrets.length === 0 && seen.emails.length === 0)) return;
  appendFileSync(file, `${JSON.stringify(seen)}\n`);
}

export function readSeen(file: string): Seen {
  const all: Seen = { secrets: [], emails: [] };
  for (const line of readFileSync(file, "utf8").split("\n").filter(Boolean)) {
    const seen = JSON.parse(line) as Seen;
    all.secrets.push(...seen.secrets);
    all.emails.push(...seen.emails);
  }
  return { secrets: [...new Set(all.secrets)], emails: [...new Set(all.emails)] };
}

/**
 * The values that appear in `log`, as written or JSON-escaped. A number counts only as a
 * whole token (not inside a longer run of letters and digits, such as an id).
 */
export function foundIn(log: string, values: string[]): string[] {
  const numbers = new Set(log.match(/(?<![A-Za-z0-9])\d+(?![A-Za-z0-9])/g) ?? []);
  return values.filter((value) =>
    /^\d+$/.test(value)
      ? numbers.has(value)
      : log.includes(value) || log.includes(JSON.stringify(value).slice(1, -1)),
  );
}

/** Throws when `log`, the whole log of `server`, holds a secret or an address the run saw. */
export function failOnSecretsInLog(log: string, server: string): void {
  const file = process.env[SECRETS_FILE_ENV];
  if (!file) return;
  const { secrets, emails } = readSeen(file);
  const leaked = [
    ...foundIn(log, secrets).map((s) => `a secret: ${s.slice(0, 3)}…`),
    ...foundIn(log, emails).map((e) => `an address: ${e}`),
  ];
  if (leaked.length === 0) return;
  const lines = log.split("\n").filter((line) => foundIn(line, [...secrets, ...emails]).length);
  throw new Error(
    `${server} logged ${leaked.length} value(s) it must not:\n${leaked.join("\n")}\n` +
      lines.slice(0, 5).join("\n"),
  );
}
