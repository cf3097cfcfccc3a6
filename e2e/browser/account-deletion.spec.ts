import { expect, test } from "@playwright/test";
import {
  activeAccount,
  expectAccessible,
  linkFrom,
  mailboxText,
  PASSWORD,
  uniqueEmail,
} from "../support/browser";

// Deletion in the browser: the link deletes on load for a person, but a plain GET (a mail
// scanner, a link preview) must not. Tagged @no-js: without JavaScript the visible button
// does it.

test("request deletion, open the link: the account is gone @no-js", async ({
  page,
  browserName,
}) => {
  void browserName;
  const email = uniqueEmail("delete");
  await activeAccount(page, email);

  await page.goto("/account/delete");
  await expectAccessible(page);
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Email me a deletion link" }).click();
  await expect(page.getByText("Check your email", { exact: true })).toBeVisible();

  const link = linkFrom(await mailboxText(page, email, /Confirm deleting your Triplock account/));

  // A scanner's plain GET (following the redirect) deletes nothing.
  const scanner = await page.request.get(link);
  expect(scanner.status()).toBe(200);
  expect(
    (
      await page.request.post("/api/v1/account/delete", { data: { email, password: PASSWORD } })
    ).status(),
  ).toBe(202);
  const fresh = linkFrom(
    await mailboxText(page, email, /Confirm deleting your Triplock account/, 2),
  );

  await page.goto(fresh);
  const jsEnabled = test.info().project.use.javaScriptEnabled !== false;
  if (!jsEnabled) await page.getByRole("button", { name: "Delete my account now" }).click();
  await expect(page).toHaveURL(/\/account\/delete\/done$/);
  await expect(page.getByRole("heading", { name: "Account deleted" })).toBeVisible();
  await expectAccessible(page);
  await mailboxText(page, email, /has been deleted/);

  const after = await page.request.post("/api/v1/account/delete", {
    data: { email, password: PASSWORD },
  });
  expect(after.status()).toBe(401);
});
