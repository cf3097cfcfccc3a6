import { expect, test, type Page } from "@playwright/test";
import { formWith, type Form } from "../support/forms";
import { mailboxText, PASSWORD, uniqueEmail } from "../support/browser";

// Threat: a page on another site makes the victim's own browser submit one of our forms.
// Here the browser, not the test, decides what it sends: the Origin of the page the form
// is on. The same copy of the form, served at an address of the site itself, shows that
// only the origin differs (e2e/api/csrf.test.ts posts every form this way, with cookies).

const attribute = (value: string) =>
  value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");

/** Serves a copy of `form` at `url`, posting to `action`, and submits it like a person. */
async function submitCopy(
  page: Page,
  url: string,
  action: string,
  form: Form,
  values: Record<string, string>,
) {
  const inputs = Object.entries({ ...form.fields, ...values })
    .map(
      ([name, value]) =>
        `<input type="hidden" name="${attribute(name)}" value="${attribute(value)}">`,
    )
    .join("");
  const html = `<!doctype html><html lang="en"><title>Win a prize</title>
    <form method="post" enctype="multipart/form-data" action="${action}">${inputs}
    <button>Claim your prize</button></form></html>`;
  await page.route(url, (route) => route.fulfill({ contentType: "text/html", body: html }));
  await page.goto(url);
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url() === action && r.request().method() === "POST"),
    page.getByRole("button", { name: "Claim your prize" }).click(),
  ]);
  return response;
}

test("the sign-up form, copied onto another site, is refused and sends no mail", async ({
  page,
  baseURL,
}) => {
  const signup = await page.request.get("/signup");
  const form = formWith({ status: signup.status(), path: "/signup", html: await signup.text() }, [
    "email",
    "name",
    "password",
  ]);
  const action = `${baseURL}/signup`;

  // Plain http: from an https page to this http server, the browser would send
  // "Origin: null" (a downgrade), which is refused too but is not the case shown here.
  const forged = uniqueEmail("csrf");
  const refused = await submitCopy(page, "http://evil.example/prize", action, form, {
    email: forged,
    password: PASSWORD,
  });
  expect(refused.request().headers()["origin"]).toBe("http://evil.example");
  expect(refused.status()).toBeGreaterThanOrEqual(400);

  const genuine = uniqueEmail("csrf");
  const accepted = await submitCopy(page, `${baseURL}/prize`, action, form, {
    email: genuine,
    password: PASSWORD,
  });
  expect(accepted.status()).toBe(200);
  await mailboxText(page, genuine, /Confirm your Triplock account/);
  // The forged sign-up, had it been accepted, would have been mailed before this one.
  const forgedMail = await page.request.get(`/api/dev/mailbox?to=${encodeURIComponent(forged)}`);
  expect(await forgedMail.json()).toEqual([]);
});
