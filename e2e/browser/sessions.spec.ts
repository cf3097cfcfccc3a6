import { expect, test, type Page } from "@playwright/test";
import {
  activeAccount,
  expectAccessible,
  expectSignedIn,
  logInByLink,
  uniqueEmail,
} from "../support/browser";

// The sessions on /me: every browser signed in to the account, by device, with the one in
// use marked; ending one signs that browser out at once, and "everywhere else" ends all but
// this one. Tagged @no-js: it also runs with JavaScript off.

const SAFARI =
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15";
const FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0";

/** Another browser of the same person, told apart by its User-Agent. */
async function browserWith(page: Page, userAgent: string): Promise<Page> {
  return (await page.context().browser()!.newContext({ userAgent })).newPage();
}

test("end one session, then every other session, from /me @no-js", async ({ page }) => {
  const email = uniqueEmail("sessions");
  const { recoveryCodes } = await activeAccount(page, email);
  await logInByLink(page, email, { recoveryCode: recoveryCodes[0]! });
  const safari = await browserWith(page, SAFARI);
  await logInByLink(safari, email, { recoveryCode: recoveryCodes[1]! });
  const firefox = await browserWith(page, FIREFOX);
  await logInByLink(firefox, email, { recoveryCode: recoveryCodes[2]! });

  await page.goto("/me");
  const sessions = page.getByRole("listitem").filter({ hasText: /signed in .* last seen/ });
  await expect(sessions).toHaveCount(3);
  await expect(sessions.filter({ hasText: "This device" })).toHaveCount(1);
  await expect(sessions.filter({ hasText: "Safari on macOS" })).toHaveCount(1);
  await expect(sessions.filter({ hasText: "Firefox on Windows" })).toHaveCount(1);
  await expectAccessible(page);

  await page.getByRole("button", { name: /^Sign out Safari on macOS/ }).click();
  await expect(sessions).toHaveCount(2);
  await expect(sessions.filter({ hasText: "Safari on macOS" })).toHaveCount(0);
  await expectSignedIn(safari, false);
  await expectSignedIn(firefox, true);

  await page.getByRole("button", { name: "Sign out everywhere else" }).click();
  await expect(sessions).toHaveCount(1);
  await expect(sessions.filter({ hasText: "This device" })).toHaveCount(1);
  await expect(page.getByRole("button", { name: "Sign out everywhere else" })).toHaveCount(0);
  await expectAccessible(page);
  await expectSignedIn(firefox, false);
  await expectSignedIn(page, true);

  await safari.context().close();
  await firefox.context().close();
});
