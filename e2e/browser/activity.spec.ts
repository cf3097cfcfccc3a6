import { expect, test } from "@playwright/test";
import {
  activeAccount,
  expectAccessible,
  logInByLink,
  openLoginLink,
  otherBrowser,
  submitLoginFactors,
  uniqueEmail,
} from "../support/browser";

// The activity list on /me: the account's security events as its owner reads them, a failed
// login among them with the factor that failed, so a stranger's attempt does not go unseen.
// Tagged @no-js: the list is server-rendered.

test("/me lists the account's activity, a failed login included @no-js", async ({ page }) => {
  const email = uniqueEmail("activity");
  const { recoveryCodes } = await activeAccount(page, email);
  // A failed attempt from another browser (its own cookies), then the owner's login.
  const other = await otherBrowser(page);
  await openLoginLink(other, email);
  await submitLoginFactors(other, { recoveryCode: recoveryCodes[1]! }, "not the password at all");
  await expect(other.getByRole("alert").filter({ hasText: /did not work/ })).toBeVisible();
  await other.context().close();
  await logInByLink(page, email, { recoveryCode: recoveryCodes[0]! });

  await page.goto("/me");
  const activity = page.getByRole("table", { name: /most recent security events/ });
  const rows = activity.getByRole("row");
  await expect(rows.filter({ hasText: "Login failed (password)" })).toHaveCount(1);
  await expect(rows.filter({ hasText: "Logged in" })).toHaveCount(1);
  await expect(rows.filter({ hasText: "Recovery code used" })).toHaveCount(1);
  await expect(rows.filter({ hasText: "Login link requested" })).toHaveCount(2);
  await expect(rows.filter({ hasText: "Account activated" })).toHaveCount(1);
  await expect(rows.filter({ hasText: "127.0.0.1" }).first()).toBeVisible();
  await expectAccessible(page);
});
