import { expect, test } from "@playwright/test";
import { linkFrom, mailboxText, PASSWORD, uniqueEmail } from "../support/browser";

// Threat: the new TOTP key and recovery codes read again later, by a reload or by whoever
// gets at the browser after its owner. Tagged @no-js: it also runs with JavaScript off.

test("the key and the recovery codes are shown once: a reload shows neither @no-js", async ({
  page,
}) => {
  const email = uniqueEmail("once");
  const signup = await page.request.post("/api/v1/signup", { data: { email, password: PASSWORD } });
  expect(signup.status()).toBe(202);
  await page.goto(linkFrom(await mailboxText(page, email, /Confirm your Triplock account/)));
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Activate my account" }).click();
  await expect(page).toHaveURL(/\/signup\/complete$/);

  const first = (await page.locator("main").textContent()) ?? "";
  const secret = /otpauth:\/\/totp\/\S+/.exec(first)?.[0];
  const codes =
    (await page.locator("main").innerText()).match(/\b[a-z2-9]{5}-[a-z2-9]{5}\b/g) ?? [];
  expect(secret).toBeTruthy();
  expect(codes).toHaveLength(10);

  await page.reload();
  await expect(page.getByText("Shown only once")).toBeVisible();
  const again = await page.content();
  expect(again).not.toContain(new URL(secret!).searchParams.get("secret")!);
  for (const code of codes) expect(again).not.toContain(code);
  await expect(page.getByRole("img", { name: /QR code/i })).toHaveCount(0);
});
