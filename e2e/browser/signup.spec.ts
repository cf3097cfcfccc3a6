import { expect, test } from "@playwright/test";
import { COOKIES, LINK_PAGES } from "../../lib/shared/routes";
import {
  expectAccessible,
  linkFrom,
  mailboxText,
  PASSWORD,
  totpFor,
  uniqueEmail,
} from "../support/browser";

// The whole account-creation journey as a person does it: the form, the email, the link,
// the password again, then the authenticator set-up checked with a real TOTP code.
// Tagged @no-js: it also runs with JavaScript disabled.

test("sign up, confirm from the mailbox, set up the authenticator @no-js", async ({ page }) => {
  const email = uniqueEmail();

  await page.goto("/signup");
  await expect(page.getByRole("heading", { name: "Create your account" })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Name").fill("Ada Lovelace");
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("Check your email", { exact: true })).toBeVisible();
  await expectAccessible(page);

  const link = linkFrom(await mailboxText(page, email, /Confirm your Triplock account/));
  await page.goto(link);
  await expect(page.getByRole("heading", { name: "Confirm your password" })).toBeVisible();
  await expectAccessible(page);

  await page.getByLabel("Password").fill("not my password");
  await page.getByRole("button", { name: "Activate my account" }).click();
  await expect(page.getByText(/not the password you chose/).first()).toBeVisible();

  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Activate my account" }).click();
  await expect(page).toHaveURL(/\/signup\/complete$/);
  await expect(page.getByRole("heading", { name: "Your account is active" })).toBeVisible();
  await expect(page.getByRole("img", { name: /QR code/i })).toBeVisible();
  await expectAccessible(page);

  const uri = (await page.locator("body").textContent())?.match(/otpauth:\/\/totp\/\S+/)?.[0];
  expect(uri).toBeTruthy();
  const secret = new URL(uri!).searchParams.get("secret")!;
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  const codes =
    (await page.locator("body").innerText()).match(/\b[a-z2-9]{5}-[a-z2-9]{5}\b/g) ?? [];
  expect(new Set(codes).size).toBe(10);

  await page.getByLabel("Code from your app").fill(await totpFor(secret));
  await page.getByRole("button", { name: "Check code" }).click();
  await expect(page.getByText("It works")).toBeVisible();

  // The link is spent: opening it again explains why instead of showing the form.
  await page.goto(link);
  await expect(page.getByText(/already been used/)).toBeVisible();
});

test("the form checks each field as it is typed in, with the server's own messages", async ({
  page,
}) => {
  // What the server says of the same input (the API validates with the same schema).
  const answer = await page.request.post("/api/v1/signup", {
    data: { email: "ada@example", password: "short" },
  });
  expect(answer.status()).toBe(400);
  const { errors } = (await answer.json()) as { errors: Record<string, string[]> };
  const [badEmail, shortPassword] = [errors["email"]![0]!, errors["password"]![0]!];

  await page.goto("/signup");
  const email = page.getByLabel("Email address");
  const password = page.getByLabel("Password");
  // Nothing is said while a field is being typed in for the first time, only once it is left.
  await email.fill("ada@example");
  await expect(page.getByText(badEmail)).toHaveCount(0);
  await password.fill("short");
  await expect(page.getByText(badEmail)).toBeVisible();
  await expect(email).toHaveAttribute("aria-invalid", "true");
  await page.getByLabel("Name").focus();
  await expect(page.getByText(shortPassword)).toBeVisible();
  await expectAccessible(page);

  // Once left, a field is checked at every keystroke: the messages go as the input is fixed.
  await email.fill("ada@example.com");
  await expect(page.getByText(badEmail)).toHaveCount(0);
  await expect(email).not.toHaveAttribute("aria-invalid");
  await password.pressSequentially(" enough");
  await expect(page.getByText(shortPassword)).toHaveCount(0);

  // Submitting an empty form posts nothing: every message shows, and the first field has focus.
  await page.goto("/signup");
  let posted = false;
  page.on("request", (request) => (posted ||= request.method() === "POST"));
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("Enter a valid email address, like name@example.com.")).toBeVisible();
  await expect(page.getByText("Use at least 8 characters.")).toBeVisible();
  await expect(page.getByLabel("Email address")).toBeFocused();
  expect(posted).toBe(false);
});

test("a link that does not exist is explained, not a form", async ({ page }) => {
  await page.goto(`/signup/confirm?token=${"x".repeat(43)}`);
  await expect(page.getByRole("heading", { name: "This link cannot be used" })).toBeVisible();
  await expectAccessible(page);
});

test("a link's token leaves the URL at once: no-referrer, no-store redirect, HttpOnly cookie", async ({
  page,
}) => {
  const token = "x".repeat(43);
  const redirect = await page.request.get(`${LINK_PAGES.SIGNUP}?token=${token}`, {
    maxRedirects: 0,
  });
  expect(redirect.status()).toBe(303);
  expect(redirect.headers()["location"]).toMatch(new RegExp(`${LINK_PAGES.SIGNUP}$`));
  expect(redirect.headers()["referrer-policy"]).toBe("no-referrer");
  expect(redirect.headers()["cache-control"]).toContain("no-store");
  const cookie = redirect.headers()["set-cookie"] ?? "";
  expect(cookie).toContain(`${COOKIES.linkToken.name}=${token}`);
  expect(cookie).toMatch(/HttpOnly/i);
  expect(cookie).toContain(`Path=${LINK_PAGES.SIGNUP}`);

  const response = await page.goto(`/signup/confirm?token=${token}`);
  expect(page.url()).not.toContain(token);
  const headers = response!.headers();
  expect(headers["cache-control"]).toContain("no-store");
  expect(headers["referrer-policy"]).toBe("same-origin");
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["content-security-policy"]).toMatch(/script-src 'self' 'nonce-/);
  expect(headers["x-content-type-options"]).toBe("nosniff");
});

// /docs is checked in docs.spec.ts, once Scalar has drawn it, with Scalar's own markup in
// the scope that is ours to fix (its colours).
test("the home page and the mailbox are accessible", async ({ page }) => {
  for (const path of ["/", "/dev/mailbox"]) {
    await page.goto(path);
    await expectAccessible(page);
  }
});
