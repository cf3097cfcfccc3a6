import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { nextTotp as totpFor } from "./totp";

/**
 * No WCAG 2.1 A/AA violations on the page as it is now, in the parts named by `include`
 * (all of it by default) but those named by `exclude`, for the rules given (all by default).
 */
export async function expectAccessible(
  page: Page,
  scope: { include?: string; exclude?: string; rules?: string[] } = {},
): Promise<void> {
  const noScript = test.info().project.use.javaScriptEnabled === false;
  // axe runs as a script in the page. Without JavaScript, it checks a copy of the page's
  // DOM served at the same address to a scripting page instead (see noScriptCopy).
  const checked = noScript ? await noScriptCopy(page) : page;
  // After a server action, React replaces the page's <title> as it applies the update:
  // the page is checked once it has settled, title included.
  await expect(checked).toHaveTitle(/\S/);
  try {
    let axe = new AxeBuilder({ page: checked }).withTags([
      "wcag2a",
      "wcag2aa",
      "wcag21a",
      "wcag21aa",
    ]);
    if (scope.include) axe = axe.include(scope.include);
    if (scope.exclude) axe = axe.exclude(scope.exclude);
    if (scope.rules) axe = axe.withRules(scope.rules);
    const results = await axe.analyze();
    const summary = results.violations.map(
      (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`,
    );
    expect(summary).toEqual([]);
  } finally {
    if (noScript) await checked.context().close();
  }
}

/**
 * The DOM a person without JavaScript gets, in a page that can run axe: the same markup
 * at the same address (so the same styles apply), minus the scripts that would change it,
 * and with <noscript> content as the elements it is for such a person.
 */
async function noScriptCopy(page: Page): Promise<Page> {
  const html = (await page.content())
    .replace(/<script\b[\s\S]*?<\/script>/gi, "")
    .replace(/<\/?noscript>/gi, "");
  // Contexts made in a test inherit the project's options: scripting is turned back on.
  const context = await page.context().browser()!.newContext({ javaScriptEnabled: true });
  const copy = await context.newPage();
  const url = page.url();
  await copy.route(
    (u) => u.href === url,
    (route) => route.fulfill({ contentType: "text/html", body: html }),
  );
  await copy.goto(url);
  return copy;
}

async function mailTo(page: Page, to: string, subject: RegExp) {
  const url = `/api/dev/mailbox?to=${encodeURIComponent(to)}`;
  // The request client may reuse a kept-alive socket just as the server closes it for being
  // idle (a context idle for a while, like a second browser): the read then fails with
  // ECONNRESET before the server saw the request. This GET changes nothing, so it is sent
  // again then, and only then.
  const response = await page.request.get(url).catch((error: Error) => {
    if (!error.message.includes("ECONNRESET")) throw error;
    return page.request.get(url);
  });
  return ((await response.json()) as { subject: string; text: string }[]).filter((m) =>
    subject.test(m.subject),
  );
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
      const mail = await mailTo(page, to, subject);
      text = mail.length >= count ? mail[0]?.text : undefined;
      return Boolean(text);
    })
    .toBe(true);
  return text!;
}

/**
 * The text of the mail that `ask` makes the app send: the next one to `to` whose subject
 * matches (mail is sent by the worker, so an older one may still be the newest for a while).
 */
export async function nextMail(
  page: Page,
  to: string,
  subject: RegExp,
  ask: () => Promise<void>,
): Promise<string> {
  const before = (await mailTo(page, to, subject)).length;
  await ask();
  return mailboxText(page, to, subject, before + 1);
}

export function linkFrom(text: string): string {
  const match = /https?:\/\/\S+[?&]token=[A-Za-z0-9_-]+/.exec(text);
  if (!match) throw new Error(`no link in ${text}`);
  return match[0];
}

/** The numeric code in an emailed link's mail, for the page where the request started. */
export function codeFrom(text: string): string {
  const match = /code: (\d+)/.exec(text);
  if (!match) throw new Error(`no code in ${text}`);
  return match[1]!;
}

export { totpFor };

/** A second factor as a person gives it: a TOTP key (a fresh code is read off it) or one recovery code. */
export type SecondFactor = { secret: string } | { recoveryCode: string };

/** Fills in the second factor of the form in `scope`: the code, or the folded recovery code. */
export async function fillSecondFactor(scope: Page | Locator, factor: SecondFactor) {
  if ("recoveryCode" in factor) {
    const fold = scope.locator("details", { hasText: "Use a recovery code" });
    if (!(await fold.evaluate((d: HTMLDetailsElement) => d.open)))
      await fold.locator("summary").click();
    await scope.getByLabel("Recovery code").fill(factor.recoveryCode);
  } else {
    await scope.getByLabel("Authenticator code").fill(await totpFor(factor.secret));
  }
}

export function uniqueEmail(label = "browser"): string {
  return `${label}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@example.com`;
}

export const PASSWORD = "correct horse battery staple";

/** Signs up in the browser, as a person does; returns the TOTP secret the page showed. */
export async function signUp(page: Page, email: string): Promise<string> {
  await page.goto("/signup");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("Check your email", { exact: true })).toBeVisible();
  await page.goto(linkFrom(await mailboxText(page, email, /Confirm your Triplock account/)));
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Activate my account" }).click();
  await expect(page).toHaveURL(/\/signup\/complete$/);
  const uri = (await page.locator("body").textContent())?.match(/otpauth:\/\/totp\/\S+/)?.[0];
  return new URL(uri!).searchParams.get("secret")!;
}

export const LOGIN_MAIL = /Your Triplock login link/;

export async function requestLoginLink(page: Page, email: string): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("Email address").fill(email);
  await page.getByRole("button", { name: "Email me a login link" }).click();
  await expect(page.getByText("Check your email", { exact: true })).toBeVisible();
}

/** Asks for a login link and opens it: the page that wants the password and a code. */
export async function openLoginLink(page: Page, email: string): Promise<void> {
  await page.goto(
    linkFrom(await nextMail(page, email, LOGIN_MAIL, () => requestLoginLink(page, email))),
  );
  await expect(page.getByRole("heading", { name: "Finish logging in" })).toBeVisible();
}

/** Fills in the login link's page and submits it. */
export async function submitLoginFactors(
  page: Page,
  factor: SecondFactor,
  password = PASSWORD,
): Promise<void> {
  await page.getByLabel("Password").fill(password);
  await fillSecondFactor(page, factor);
  await page.getByRole("button", { name: "Log in" }).click();
}

/**
 * A whole login by the emailed link, the password and a second factor: a TOTP key (given
 * as such or as its secret alone) or a recovery code.
 */
export async function logInByLink(
  page: Page,
  email: string,
  factor: string | SecondFactor,
  password = PASSWORD,
): Promise<void> {
  await openLoginLink(page, email);
  await submitLoginFactors(
    page,
    typeof factor === "string" ? { secret: factor } : factor,
    password,
  );
  await expect(page).toHaveURL(/\/login\/success$/);
}

/**
 * Another browser (its own cookies), as a second device of the same person. Like every
 * context made in a test, it has the project's options: the base URL, JavaScript on or off.
 */
export async function otherBrowser(page: Page): Promise<Page> {
  return (await page.context().browser()!.newContext()).newPage();
}

/** Whether `page`'s browser is still signed in: /me shows the account, or sends to /login. */
export async function expectSignedIn(page: Page, signedIn: boolean): Promise<void> {
  await page.goto("/me");
  await expect(page).toHaveURL(signedIn ? /\/me$/ : /\/login$/);
}

/** An ACTIVE account made through the API (quicker than the pages); its TOTP secret and codes. */
export async function activeAccount(
  page: Page,
  email: string,
): Promise<{ secret: string; recoveryCodes: string[] }> {
  const signup = await page.request.post("/api/v1/signup", { data: { email, password: PASSWORD } });
  expect(signup.status()).toBe(202);
  const link = linkFrom(await mailboxText(page, email, /Confirm your Triplock account/));
  const token = new URL(link).searchParams.get("token");
  const confirm = await page.request.post("/api/v1/signup/confirm", {
    data: { token, password: PASSWORD },
  });
  expect(confirm.status()).toBe(200);
  const { totp, recoveryCodes } = (await confirm.json()) as {
    totp: { secret: string };
    recoveryCodes: string[];
  };
  return { secret: totp.secret, recoveryCodes };
}
