import { expect, test } from "@playwright/test";
import {
  activeAccount,
  expectAccessible,
  mailboxText,
  PASSWORD,
  totpFor,
  uniqueEmail,
} from "../support/browser";

// The interactive reference at /docs: drawn by Scalar from /api/openapi.json, loaded from
// this origin only, and sending real requests from the browser under the nonce CSP.

test("the API reference sends a real request from the browser, under the CSP, to this origin", async ({
  page,
  baseURL,
}) => {
  const elsewhere: string[] = [];
  const refused: string[] = [];
  page.on("request", (request) => {
    const url = request.url();
    if (!url.startsWith(baseURL!) && !url.startsWith("data:")) elsewhere.push(url);
  });
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) refused.push(message.text());
  });

  await page.goto("/docs");
  await expect(page.getByRole("heading", { name: "Triplock API", level: 1 })).toBeVisible();
  await page.getByRole("button", { name: "Open Group Operations" }).click();
  await page.getByRole("button", { name: /Health check/ }).click();
  await page.getByRole("button", { name: /Test Request.*get \/api\/health/ }).click();
  const answer = page.waitForResponse((r) => new URL(r.url()).pathname === "/api/health");
  await page.getByRole("button", { name: /Send get request to/ }).click();
  const response = await answer;
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ status: "ok", database: "up" });
  await expect(page.getByText('"database": "up"').first()).toBeVisible();

  expect(elsewhere).toEqual([]);
  expect(refused).toEqual([]);
});

test("the API reference sends the bearer token pasted into it", async ({ page }) => {
  const email = uniqueEmail("docs");
  const { secret } = await activeAccount(page, email);
  expect((await page.request.post("/api/v1/login", { data: { email } })).status()).toBe(202);
  const code = /code: (\d+)/i.exec(await mailboxText(page, email, /Your Triplock login link/))![1];
  const login = await page.request.post("/api/v1/login/complete", {
    data: { email, code, password: PASSWORD, totp: await totpFor(secret) },
  });
  const { accessToken } = (await login.json()) as { accessToken: string };

  await page.goto("/docs");
  await page.getByRole("textbox", { name: "Bearer Token" }).fill(accessToken);
  await page.getByRole("button", { name: "Open Group Session" }).click();
  await page.getByRole("button", { name: /Test Request.*get \/api\/v1\/me\)/ }).click();
  const answer = page.waitForResponse((r) => new URL(r.url()).pathname === "/api/v1/me");
  await page.getByRole("button", { name: /Send get request to/ }).click();
  const response = await answer;
  expect(response.request().headers().authorization).toBe(`Bearer ${accessToken}`);
  expect(response.status()).toBe(200);
  await expect(page.getByText(`"email": "${email}"`).first()).toBeVisible();
});

test("the introduction explains the workflows, tokens and errors, with an anchor per error code", async ({
  page,
}) => {
  await page.goto("/docs");
  for (const heading of ["The three workflows", "Tokens and links", "Errors"])
    await expect(page.getByRole("heading", { name: heading })).toBeVisible();
  await expect(page.locator("#problem-rate_limited")).toContainText("rate_limited");
  await expect(
    page.getByRole("button", { name: /Test Request.*post \/api\/v1\/signup\)/ }),
  ).toBeVisible();
  // The page is checked whole but for Scalar's own markup, whose ARIA is its maintainers'
  // to fix; its colours, which the site's theme sets, are checked too, in both schemes.
  await expectAccessible(page, { exclude: "#scalar-reference" });
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    await page.reload();
    await expect(
      page.getByRole("button", { name: /Test Request.*post \/api\/v1\/signup\)/ }),
    ).toBeVisible();
    await expectAccessible(page, { include: "#scalar-reference", rules: ["color-contrast"] });
  }
});
