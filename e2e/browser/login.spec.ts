import { expect, test } from "@playwright/test";
import {
  codeFrom,
  expectAccessible,
  linkFrom,
  logInByLink,
  mailboxText,
  PASSWORD,
  requestLoginLink,
  signUp,
  totpFor,
  uniqueEmail,
} from "../support/browser";

// The journey sign-up → login → /me → logout → /me redirects to /login, as a person does
// it, reading the dev mailbox and computing TOTP codes. Tagged @no-js: it also runs with
// JavaScript disabled.

test("sign up, log in by link, see /me, log out @no-js", async ({ page }) => {
  const email = uniqueEmail("login");
  const secret = await signUp(page, email);

  await requestLoginLink(page, email);
  await expectAccessible(page);
  const link = linkFrom(await mailboxText(page, email, /Your Triplock login link/));
  await page.goto(link);
  await expect(page.getByRole("heading", { name: "Finish logging in" })).toBeVisible();
  await expectAccessible(page);

  await page.getByLabel("Password").fill("wrong password here");
  await page.getByLabel("Authenticator code").fill(await totpFor(secret));
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByText(/password or a code is wrong/)).toBeVisible();

  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByLabel("Authenticator code").fill(await totpFor(secret));
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page).toHaveURL(/\/login\/success$/);
  await expect(page.getByText("This is your first login")).toBeVisible();
  await expectAccessible(page);

  await page.getByRole("link", { name: "Go to your account" }).click();
  await expect(page).toHaveURL(/\/me$/);
  await expect(page.getByRole("heading", { name: "Your account" })).toBeVisible();
  await expect(page.getByText(email).first()).toBeVisible();
  await expect(page.getByText("This device")).toBeVisible();
  await expectAccessible(page);

  await page.goto("/logout");
  await expect(page).toHaveURL(/\/login$/);
  await page.goto("/me");
  await expect(page).toHaveURL(/\/login$/);
});

test("log in with the emailed code on the page where it started, then see the previous login @no-js", async ({
  page,
}) => {
  const email = uniqueEmail("code");
  const secret = await signUp(page, email);

  await logInByLink(page, email, secret);
  await page.goto("/logout");

  // Second login, typing the code from the email instead of opening the link.
  await requestLoginLink(page, email);
  const mail = await mailboxText(page, email, /Your Triplock login link/, 2);
  await page.getByLabel("Login code from the email").fill(codeFrom(mail));
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByLabel("Authenticator code").fill(await totpFor(secret));
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page).toHaveURL(/\/login\/success$/);
  await expect(page.getByText(/Your previous login was/)).toBeVisible();
});

test("/me redirects to /login when signed out", async ({ page }) => {
  await page.goto("/me");
  await expect(page).toHaveURL(/\/login$/);
  await expectAccessible(page);
});

// Threat: a stolen session cookie. The JWT stays cryptographically valid after logout, so
// only the server-side session check can make the copy stop working.
test("a copied session cookie stops working the moment its session is logged out", async ({
  page,
  browser,
}) => {
  const email = uniqueEmail("stolen");
  await logInByLink(page, email, await signUp(page, email));

  const cookies = await page.context().cookies();
  const sessionCookie = cookies.find((c) => c.name.endsWith("authjs.session-token"));
  expect(sessionCookie).toMatchObject({ httpOnly: true, sameSite: "Lax" });

  const thief = await browser.newContext({ storageState: await page.context().storageState() });
  const stolen = await thief.newPage();
  await stolen.goto("/me");
  await expect(stolen.getByRole("heading", { name: "Your account" })).toBeVisible();

  await page.goto("/logout");
  await stolen.goto("/me");
  await expect(stolen).toHaveURL(/\/login$/);
  await thief.close();
});
