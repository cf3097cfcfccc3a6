import { expect, test } from "@playwright/test";
import {
  activeAccount,
  expectAccessible,
  logInByLink,
  mailboxText,
  openLoginLink,
  otherBrowser,
  PASSWORD,
  submitLoginFactors,
  totpFor,
  uniqueEmail,
} from "../support/browser";

// New recovery codes on /me, in a real browser: the old set dies, the new one works.
//
// Threat: a stolen session guessing the password or the authenticator code without limit
// through the form that issues new recovery codes. Tagged @no-js: it also runs with
// JavaScript off.

test("new recovery codes need the password and a TOTP code, and guesses are limited like login @no-js", async ({
  page,
}) => {
  const email = uniqueEmail("regen");
  const { secret } = await activeAccount(page, email);
  await logInByLink(page, email, secret);
  await page.goto("/me");

  const form = page.locator("form", {
    has: page.getByRole("button", { name: /new recovery codes/i }),
  });
  const guess = async (i: number) => {
    await form.getByLabel("Password").fill(`not my password ${i}`);
    await form.getByLabel("Authenticator code").fill("000000");
    await form.getByRole("button", { name: /new recovery codes/i }).click();
  };
  // LOGIN_FAILURES_PER_ACCOUNT (10) wrong guesses are answered as wrong…
  for (let i = 0; i < 10; i++) {
    await guess(i);
    await expect(page.getByText("The password or the authenticator code is wrong.")).toBeVisible();
  }
  // …and the next is refused without being checked, even with the right password.
  await form.getByLabel("Password").fill(PASSWORD);
  await form.getByLabel("Authenticator code").fill("000000");
  await form.getByRole("button", { name: /new recovery codes/i }).click();
  await expect(page.getByText(/Too many failed attempts/)).toBeVisible();
});

test("regenerate recovery codes on /me: the old codes die, the new ones log in @no-js", async ({
  page,
}) => {
  const email = uniqueEmail("regen-ok");
  const { secret, recoveryCodes } = await activeAccount(page, email);
  await logInByLink(page, email, { recoveryCode: recoveryCodes[0]! });

  await page.goto("/me");
  const form = page.locator("form", {
    has: page.getByRole("button", { name: /new recovery codes/i }),
  });
  await form.getByLabel("Password").fill(PASSWORD);
  await form.getByLabel("Authenticator code").fill(await totpFor(secret));
  await form.getByRole("button", { name: /new recovery codes/i }).click();
  await expect(page.getByText("New recovery codes: the old ones no longer work.")).toBeVisible();
  const codes =
    (await page.locator("main").innerText()).match(/\b[a-z2-9]{5}-[a-z2-9]{5}\b/g) ?? [];
  expect(codes).toHaveLength(10);
  expect(codes).not.toContain(recoveryCodes[1]);
  await expectAccessible(page);
  await mailboxText(page, email, /New recovery codes for your Triplock account/);

  // An old code no longer logs in; a new one does.
  const other = await otherBrowser(page);
  await openLoginLink(other, email);
  await submitLoginFactors(other, { recoveryCode: recoveryCodes[1]! });
  await expect(other.getByText(/password or a code is wrong/)).toBeVisible();
  await submitLoginFactors(other, { recoveryCode: codes[0]! });
  await expect(other).toHaveURL(/\/login\/success$/);
  await other.context().close();
});
