import { expect, test, type Page } from "@playwright/test";
import {
  activeAccount,
  codeFrom,
  expectAccessible,
  expectSignedIn,
  fillSecondFactor,
  linkFrom,
  logInByLink,
  mailboxText,
  nextMail,
  openLoginLink,
  otherBrowser,
  submitLoginFactors,
  uniqueEmail,
} from "../support/browser";

// Forgot password in the browser: the emailed link, or its code typed where the request
// started, then a second factor and a new password. The reset ends every session of the
// account, and only the new password logs in afterwards. Tagged @no-js: it also runs with
// JavaScript off.

const RESET_MAIL = /Reset your Triplock password/;
const NEW_PASSWORD = "a brand new passphrase for triplock";

/** From /login, as a person who forgot the password: the link to /password/forgot, the address. */
async function askForReset(page: Page, email: string): Promise<string> {
  await page.goto("/login");
  await page.getByRole("link", { name: "Forgot your password?" }).click();
  await expect(page).toHaveURL(/\/password\/forgot$/);
  await expect(page.getByRole("heading", { name: "Reset your password" })).toBeVisible();
  await expectAccessible(page);
  return nextMail(page, email, RESET_MAIL, async () => {
    await page.getByLabel("Email address").fill(email);
    await page.getByRole("button", { name: "Email me a reset link" }).click();
    await expect(page.getByText("Check your email", { exact: true })).toBeVisible();
  });
}

/** The reset is done: every session ended, the page says so and offers to log in. */
async function expectResetDone(page: Page, email: string) {
  await expect(page).toHaveURL(/\/password\/reset\/done$/);
  await expect(page.getByText(/every session signed out/)).toBeVisible();
  await expectAccessible(page);
  await mailboxText(page, email, /Your Triplock password was reset/);
  await page.getByRole("main").getByRole("link", { name: "Log in" }).click();
  await expect(page).toHaveURL(/\/login$/);
}

/** Only the new password logs in now. */
async function expectOnlyNewPassword(page: Page, email: string, codes: string[]) {
  await openLoginLink(page, email);
  await submitLoginFactors(page, { recoveryCode: codes[0]! });
  await expect(page.getByText(/password or a code is wrong/)).toBeVisible();
  await submitLoginFactors(page, { recoveryCode: codes[1]! }, NEW_PASSWORD);
  await expect(page).toHaveURL(/\/login\/success$/);
}

test("forgot password, reset by the emailed link: every session ends, only the new password works @no-js", async ({
  page,
}) => {
  const email = uniqueEmail("reset-link");
  const { recoveryCodes } = await activeAccount(page, email);
  // A session opened before the reset, in another browser.
  const other = await otherBrowser(page);
  await logInByLink(other, email, { recoveryCode: recoveryCodes[0]! });
  await expectSignedIn(other, true);

  const mail = await askForReset(page, email);
  await expectAccessible(page);
  await page.goto(linkFrom(mail));
  await expect(page).toHaveURL(/\/password\/reset$/);
  await expect(page.getByRole("heading", { name: "Choose a new password" })).toBeVisible();
  await expectAccessible(page);

  // A common password is refused beside its field, and costs no attempt of the link.
  await page.getByLabel("New password").fill("password123");
  await fillSecondFactor(page, { recoveryCode: recoveryCodes[1]! });
  await page.getByRole("button", { name: "Reset password" }).click();
  await expect(page.getByText(/on the list of the most common passwords/)).toBeVisible();
  await expectAccessible(page);

  await page.getByLabel("New password").fill(NEW_PASSWORD);
  await fillSecondFactor(page, { recoveryCode: recoveryCodes[1]! });
  await page.getByRole("button", { name: "Reset password" }).click();
  await expectResetDone(page, email);

  await expectSignedIn(other, false);
  await other.context().close();
  await expectOnlyNewPassword(page, email, recoveryCodes.slice(2));
});

test("forgot password, reset by the emailed code on the page where it started @no-js", async ({
  page,
}) => {
  const email = uniqueEmail("reset-code");
  const { recoveryCodes } = await activeAccount(page, email);
  const mail = await askForReset(page, email);

  // The page remembers the address: opened again, it still waits for the code. (Not a
  // reload: without JavaScript that would post the request again, and a new code kills
  // the one in this mail.)
  await page.goto("/password/forgot");
  await expect(page.getByText("Check your email", { exact: true })).toBeVisible();
  await expect(page.getByText(email)).toBeVisible();
  await expectAccessible(page);

  await page.getByLabel("Reset code from the email").fill(codeFrom(mail));
  await page.getByLabel("New password").fill(NEW_PASSWORD);
  await fillSecondFactor(page, { recoveryCode: "aaaaa-bbbbb" });
  await page.getByRole("button", { name: "Reset password" }).click();
  await expect(page.getByText(/authenticator code or recovery code is wrong/)).toBeVisible();
  await expectAccessible(page);

  await page.getByLabel("Reset code from the email").fill(codeFrom(mail));
  await page.getByLabel("New password").fill(NEW_PASSWORD);
  await fillSecondFactor(page, { recoveryCode: recoveryCodes[0]! });
  await page.getByRole("button", { name: "Reset password" }).click();
  await expectResetDone(page, email);

  // The code step is over: the page asks for an address again.
  await page.goto("/password/forgot");
  await expect(page.getByLabel("Email address")).toBeVisible();
  await expectOnlyNewPassword(page, email, recoveryCodes.slice(1));
});
