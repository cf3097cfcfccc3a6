import { expect, test } from "@playwright/test";
import {
  activeAccount,
  expectAccessible,
  fillSecondFactor,
  logInByLink,
  mailboxText,
  openLoginLink,
  otherBrowser,
  PASSWORD,
  submitLoginFactors,
  totpFor,
  uniqueEmail,
} from "../support/browser";

// Replace the authenticator on /me: the password and a second factor issue a new key,
// shown once; the old key keeps working until a code from the new one confirms it, then
// only the new key works, and fresh recovery codes are offered right there. Tagged @no-js:
// it also runs with JavaScript off.

test("replace the authenticator: the old key works until the new one is confirmed, then only the new one @no-js", async ({
  page,
}) => {
  // The new key's third code may have to wait for the clock (e2e/support/totp.ts).
  test.setTimeout(120_000);
  const email = uniqueEmail("new-key");
  const { secret: oldKey, recoveryCodes } = await activeAccount(page, email);
  await logInByLink(page, email, { recoveryCode: recoveryCodes[0]! });

  await page.goto("/me");
  const start = page.locator("form", { has: page.getByRole("button", { name: "Get a new key" }) });
  await start.getByLabel("Password").fill(PASSWORD);
  await fillSecondFactor(start, { recoveryCode: recoveryCodes[1]! });
  await start.getByRole("button", { name: "Get a new key" }).click();

  await expect(page.getByRole("heading", { name: /Add the new key/ })).toBeVisible();
  await expect(page.getByRole("img", { name: /QR code/ })).toBeVisible();
  const uri = /otpauth:\/\/totp\/\S+/.exec((await page.locator("main").textContent()) ?? "")![0];
  const newKey = new URL(uri).searchParams.get("secret")!;
  expect(newKey).not.toBe(oldKey);
  await expectAccessible(page);

  // Not confirmed yet: the old key still logs in (in another browser).
  const other = await otherBrowser(page);
  await logInByLink(other, email, { secret: oldKey });

  const confirm = page.locator("form", {
    has: page.getByRole("button", { name: "Confirm new key" }),
  });
  await confirm.getByLabel("Code from the new key").fill(await totpFor(newKey));
  await confirm.getByRole("button", { name: "Confirm new key" }).click();
  await expect(page.getByText(/Your new authenticator is active/)).toBeVisible();
  await expectAccessible(page);
  await mailboxText(page, email, /Your Triplock authenticator was replaced/);

  // Fresh recovery codes, offered in place, with the password and a code from the new key.
  const regenerate = page.locator("form", { hasText: "Your recovery codes still work." });
  await regenerate.getByLabel("Password").fill(PASSWORD);
  await regenerate.getByLabel("Authenticator code").fill(await totpFor(newKey));
  await regenerate.getByRole("button", { name: "Generate new recovery codes" }).click();
  await expect(page.getByText("New recovery codes: the old ones no longer work.")).toBeVisible();
  await expect(page.getByText("Save your recovery codes")).toBeVisible();
  await expectAccessible(page);

  // Confirmed: the old key is refused, the new one logs in.
  await other.goto("/logout");
  await openLoginLink(other, email);
  await submitLoginFactors(other, { secret: oldKey });
  await expect(other.getByText(/password or a code is wrong/)).toBeVisible();
  await submitLoginFactors(other, { secret: newKey });
  await expect(other).toHaveURL(/\/login\/success$/);
  await other.context().close();
});
