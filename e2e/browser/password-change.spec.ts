import { expect, test } from "@playwright/test";
import {
  activeAccount,
  expectAccessible,
  expectSignedIn,
  fillSecondFactor,
  logInByLink,
  mailboxText,
  otherBrowser,
  PASSWORD,
  uniqueEmail,
} from "../support/browser";

// Change password on /me: it takes the current password and a second factor, keeps this
// session, and ends the account's other sessions (a thief's among them). Tagged @no-js:
// it also runs with JavaScript off.

const NEW_PASSWORD = "a fresher passphrase for triplock";

test("change the password on /me: this session stays, the other browser is signed out @no-js", async ({
  page,
}) => {
  const email = uniqueEmail("change");
  const { recoveryCodes } = await activeAccount(page, email);
  await logInByLink(page, email, { recoveryCode: recoveryCodes[0]! });
  const other = await otherBrowser(page);
  await logInByLink(other, email, { recoveryCode: recoveryCodes[1]! });

  await page.goto("/me");
  const card = page.locator("form", { has: page.getByRole("button", { name: "Change password" }) });
  await card.getByLabel("Current password").fill("not my password");
  await card.getByLabel("New password").fill(NEW_PASSWORD);
  await fillSecondFactor(card, { recoveryCode: recoveryCodes[2]! });
  await card.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("The password or the authenticator code is wrong.")).toBeVisible();
  await expectAccessible(page);

  // The wrong password spent no recovery code: the same one works now.
  await card.getByLabel("Current password").fill(PASSWORD);
  await card.getByLabel("New password").fill(NEW_PASSWORD);
  await fillSecondFactor(card, { recoveryCode: recoveryCodes[2]! });
  await card.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText(/Your password has been changed/)).toBeVisible();
  // The session list has been read again: only this browser is left.
  await expect(page.getByRole("button", { name: "Sign out everywhere else" })).toHaveCount(0);
  await expectAccessible(page);
  await mailboxText(page, email, /Your Triplock password was changed/);

  await expectSignedIn(page, true);
  await expectSignedIn(other, false);
  // The other browser logs in again with the new password only.
  await logInByLink(other, email, { recoveryCode: recoveryCodes[3]! }, NEW_PASSWORD);
  await other.context().close();
});
