import { describedFetch } from "./openapi";

// Reads the development mailbox over HTTP, as a person would read their inbox.

export interface Mail {
  id: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  createdAt: string;
}

export async function listMail(baseUrl: string, to: string): Promise<Mail[]> {
  const response = await describedFetch(`${baseUrl}/api/dev/mailbox?to=${encodeURIComponent(to)}`);
  if (!response.ok) throw new Error(`mailbox answered ${response.status}`);
  return (await response.json()) as Mail[];
}

/** Waits for a message to `to` whose subject matches, newer than `after` messages seen. */
export async function waitForMail(
  baseUrl: string,
  to: string,
  subject: RegExp,
  options: { count?: number; timeoutMs?: number } = {},
): Promise<Mail> {
  const deadline = Date.now() + (options.timeoutMs ?? 15_000);
  const count = options.count ?? 1;
  for (;;) {
    const matching = (await listMail(baseUrl, to)).filter((m) => subject.test(m.subject));
    if (matching.length >= count) return matching[0]!;
    if (Date.now() > deadline)
      throw new Error(`No mail "${subject}" for ${to} (have ${matching.length})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function linkToken(mail: Mail): string {
  const match = /[?&]token=([A-Za-z0-9_-]+)/.exec(mail.text);
  if (!match) throw new Error(`No link in mail: ${mail.text}`);
  return match[1]!;
}

export function linkUrl(mail: Mail): string {
  const match = /(https?:\/\/\S+[?&]token=[A-Za-z0-9_-]+)/.exec(mail.text);
  if (!match) throw new Error(`No link in mail: ${mail.text}`);
  return match[1]!;
}

export function mailCode(mail: Mail): string {
  const match = /code: (\d+)/i.exec(mail.text);
  if (!match) throw new Error(`No code in mail: ${mail.text}`);
  return match[1]!;
}
