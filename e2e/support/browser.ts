import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";

/** No WCAG 2.1 A/AA violations on the page as it is now. */
export async function expectAccessible(page: Page): Promise<void> {
  // axe runs as a script in the page; the same pages are checked in the JavaScript project.
  if (test.info().project.use.javaScriptEnabled === false) return;
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  const summary = results.violations.map(
    (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`,
  );
  expect(summary).toEqual([]);
}

/** The newest mail to `to` whose subject matches, once at least `count` such mails arrived. */
export async function mailboxText(
  page: Page,
  to: string,
  subject: RegExp,
  count = 1,
): Promise<string> {
  let text: string | undefined;
  await expect
    .poll(async () => {
      const response = await page.request.get(`/api/dev/mailbox?to=${encodeURIComponent(to)}`);
      const mail = ((await response.json()) as { subject: string; text: string }[]).filter((m) =>
        subject.test(m.subject),
      );
      text = mail.length >= count ? mail[0]?.text : undefined;
      return Boolean(text);
    })
    .toBe(true);
  return text!;
}

export function linkFrom(text: string): string {
  const match = /https?:\/\/\S+[?&]token=[A-Za-z0-9_-]+/.exec(text);
  if (!match) throw new Error(`no link in ${text}`);
  return match[0];
}

export { nextTotp as totpFor } from "./totp";

export function uniqueEmail(label = "browser"): string {
  return `${label}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@example.com`;
}

export const PASSWORD = "correct horse battery staple";
