// Threat: another site makes the victim's browser post one of our forms (cross-site request forgery): every server action must refuse a foreign Origin and change nothing.
import { describe, expect, inject, it } from "vitest";
import { COOKIES } from "../../lib/shared/routes";
import { baseUrl, call, STRONG_PASSWORD, uniqueEmail } from "../support/api";
import { accountRows, mailCount, sessionCount, withDatabase } from "../support/database-inspect";
import { formBrowser, formWith, type Submitted } from "../support/forms";
import { apiSession, bearer, browserSession, nextTotp, requestLoginMail } from "../support/login";
import { linkUrl, mailCode, waitForMail } from "../support/mailbox";
import { activatedAccount, signUp } from "../support/signup";

// Next.js refuses a server action whose Origin header names another host than the request's
// Host (or X-Forwarded-Host) unless `serverActions.allowedOrigins` lists it
// (node_modules/next/dist/server/app-render/action-handler.js). A browser always sends
// Origin with a POST, so a form posted from another site is refused. Each form is posted
// from there first, with the victim's cookies (a sibling subdomain is same-site, so
// SameSite=Lax alone would let them through), and must change nothing; then the very same
// post from the site itself must work, so the refusal is not a malformed request.
const ELSEWHERE = "https://evil.example";
const here = () => baseUrl();
const databaseUrl = () => inject("databaseUrl");
const SESSION_COOKIE = "authjs.session-token";
const PENDING_COOKIE = COOKIES.pendingLogin.name;
const PENDING_RESET_COOKIE = COOKIES.pendingReset.name;
const RESET_SUBJECT = /Reset your Triplock password/;

const answer = (r: Submitted) => `answered ${r.status}${r.location ? ` → ${r.location}` : ""}`;

function expectRefused(response: Submitted) {
  expect(response.status, `the forged post ${answer(response)}`).toBeGreaterThanOrEqual(400);
}

function expectAccepted(response: Submitted) {
  expect([200, 303], `the site's own post ${answer(response)}`).toContain(response.status);
}

const recoveryCodeHashes = (email: string) =>
  withDatabase(databaseUrl(), async (client) => {
    const { rows } = await client.query<{ codeHash: string }>(
      `SELECT r."codeHash" FROM "RecoveryCode" r JOIN "User" u ON u.id = r."userId"
       WHERE u.email = $1 ORDER BY r."codeHash"`,
      [email],
    );
    return rows.map((r) => r.codeHash);
  });

/** The account's factors as stored: a forged post must leave every one of them as it was. */
const storedFactors = (email: string) =>
  withDatabase(databaseUrl(), async (client) => {
    const { rows } = await client.query<Record<string, string | null>>(
      `SELECT "passwordHash", "totpSecret", "pendingTotpSecret" FROM "User" WHERE email = $1`,
      [email],
    );
    return rows[0]!;
  });

describe("server actions posted from another site", () => {
  it("/signup: the sign-up form and the resend form send no mail", async () => {
    const browser = formBrowser(here());
    const page = await browser.open("/signup");
    const form = formWith(page, ["email", "name", "password"]);
    const forged = uniqueEmail("csrf-signup");
    expectRefused(
      await browser.submit(page, form, { email: forged, password: STRONG_PASSWORD }, ELSEWHERE),
    );
    expect(await accountRows(databaseUrl(), forged)).toMatchObject({ users: 0 });
    expect(await mailCount(databaseUrl(), forged)).toBe(0);

    const email = uniqueEmail("csrf-signup");
    const accepted = await browser.submit(page, form, { email, password: STRONG_PASSWORD }, here());
    expectAccepted(accepted);
    expect(await mailCount(databaseUrl(), email)).toBe(1);

    // The page now offers to resend the link.
    const sent = { ...page, html: accepted.html };
    const resend = formWith(sent, ["email"]);
    expectRefused(await browser.submit(sent, resend, {}, ELSEWHERE));
    expect(await mailCount(databaseUrl(), email)).toBe(1);
    expectAccepted(await browser.submit(sent, resend, {}, here()));
    expect(await mailCount(databaseUrl(), email)).toBe(2);
  });

  it("/signup/confirm and /signup/complete: no activation, no spent code, no cleared key", async () => {
    const email = uniqueEmail("csrf-confirm");
    const browser = formBrowser(here());
    const page = await browser.open(linkUrl(await signUp(email)));
    const form = formWith(page, ["password"]);
    expectRefused(await browser.submit(page, form, { password: STRONG_PASSWORD }, ELSEWHERE));
    expect(await accountRows(databaseUrl(), email)).toMatchObject({ statuses: ["PENDING"] });
    const confirmed = await browser.submit(page, form, { password: STRONG_PASSWORD }, here());
    expect(confirmed.location).toMatch(/\/signup\/complete$/);
    expect(await accountRows(databaseUrl(), email)).toMatchObject({ statuses: ["ACTIVE"] });

    const complete = await browser.open("/signup/complete");
    const secret = /[?&]secret=([A-Z2-7]+)/.exec(complete.html)![1]!;
    // The same authenticator code twice: had the forged check run, it would have spent the
    // code's time step, and the genuine check would be refused as a replay.
    const check = formWith(complete, ["code"]);
    const code = await nextTotp(secret);
    expectRefused(await browser.submit(complete, check, { code }, ELSEWHERE));
    const checked = await browser.submit(complete, check, { code }, here());
    expectAccepted(checked);
    expect(checked.html).toContain("It works");

    const finish = formWith(complete, []);
    expectRefused(await browser.submit(complete, finish, {}, ELSEWHERE));
    expect((await browser.open("/signup/complete")).html).toContain("Your account is active");
    expect((await browser.submit(complete, finish, {}, here())).location).toMatch(/\/login$/);
    expect((await browser.open("/signup/complete")).html).toContain("Nothing to show here");
  });

  it("/login: asking for a link, starting over and logging in by code do nothing", async () => {
    const account = await activatedAccount(uniqueEmail("csrf-login"));
    const browser = formBrowser(here());
    const page = await browser.open("/login");
    const request = formWith(page, ["email"]);
    const mailsBefore = await mailCount(databaseUrl(), account.email);
    expectRefused(await browser.submit(page, request, { email: account.email }, ELSEWHERE));
    expect(await mailCount(databaseUrl(), account.email)).toBe(mailsBefore);
    expectAccepted(await browser.submit(page, request, { email: account.email }, here()));
    expect(await mailCount(databaseUrl(), account.email)).toBe(mailsBefore + 1);

    // Waiting for the code: the page now offers the code form and a way to start over.
    const byCodeInputs = ["email", "code", "password", "totp", "recoveryCode"];
    const waiting = await browser.open("/login");
    const startOver = formWith(waiting, []);
    expectRefused(await browser.submit(waiting, startOver, {}, ELSEWHERE));
    expect(browser.cookie(PENDING_COOKIE, "/login")).toBeDefined();
    formWith(await browser.open("/login"), byCodeInputs);
    expect((await browser.submit(waiting, startOver, {}, here())).location).toMatch(/\/login$/);
    expect(browser.cookie(PENDING_COOKIE, "/login")).toBeUndefined();

    await browser.submit(page, request, { email: account.email }, here());
    const waitingAgain = await browser.open("/login");
    const byCode = formWith(waitingAgain, byCodeInputs);
    const mail = await waitForMail(here(), account.email, /login link/, { count: 2 });
    const factors = {
      code: mailCode(mail),
      password: account.password,
      totp: await nextTotp(account.secret),
    };
    expectRefused(await browser.submit(waitingAgain, byCode, factors, ELSEWHERE));
    expect(browser.cookie(SESSION_COOKIE)).toBeUndefined();
    expect(await sessionCount(databaseUrl(), account.email)).toBe(0);
    // The same code and TOTP code: the forged post spent neither.
    const loggedIn = await browser.submit(waitingAgain, byCode, factors, here());
    expect(loggedIn.location).toMatch(/\/login\/success$/);
    expect(browser.cookie(SESSION_COOKIE)).toBeDefined();
    expect(await sessionCount(databaseUrl(), account.email)).toBe(1);
  });

  it("/login/verify: the link's form opens no session and spends no factor", async () => {
    const account = await activatedAccount(uniqueEmail("csrf-verify"));
    const browser = formBrowser(here());
    const page = await browser.open(linkUrl(await requestLoginMail(account.email)));
    const form = formWith(page, ["password", "totp", "recoveryCode"]);
    const factors = { password: account.password, totp: await nextTotp(account.secret) };
    expectRefused(await browser.submit(page, form, factors, ELSEWHERE));
    expect(browser.cookie(SESSION_COOKIE)).toBeUndefined();
    expect(await sessionCount(databaseUrl(), account.email)).toBe(0);
    const loggedIn = await browser.submit(page, form, factors, here());
    expect(loggedIn.location).toMatch(/\/login\/success$/);
    expect(await sessionCount(databaseUrl(), account.email)).toBe(1);
  });

  it("/me: signing out a session, signing out the others and new recovery codes do nothing", async () => {
    const account = await activatedAccount(uniqueEmail("csrf-me"));
    const victim = await browserSession(account);
    const other = await apiSession(account, 0);
    const otherWorks = async () =>
      (await call("GET", "/api/v1/me", { headers: bearer(other) })).status;

    let me = await victim.open("/me");
    const revoke = formWith(me, ["sessionId"]);
    expectRefused(await victim.submit(me, revoke, {}, ELSEWHERE));
    expect(await otherWorks()).toBe(200);
    expectAccepted(await victim.submit(me, revoke, {}, here()));
    expect(await otherWorks()).toBe(401);

    const third = await apiSession(account, 1);
    const thirdWorks = async () =>
      (await call("GET", "/api/v1/me", { headers: bearer(third) })).status;
    me = await victim.open("/me");
    const revokeOthers = formWith(me, []);
    expectRefused(await victim.submit(me, revokeOthers, {}, ELSEWHERE));
    expect(await thirdWorks()).toBe(200);
    expectAccepted(await victim.submit(me, revokeOthers, {}, here()));
    expect(await thirdWorks()).toBe(401);
    expect((await victim.open("/me")).path).toBe("/me");

    const regenerate = formWith(me, ["password", "totp"]);
    const before = await recoveryCodeHashes(account.email);
    // The same TOTP code twice: the forged post must not have spent it.
    const factors = { password: account.password, totp: await nextTotp(account.secret) };
    expectRefused(await victim.submit(me, regenerate, factors, ELSEWHERE));
    expect(await recoveryCodeHashes(account.email)).toEqual(before);
    const regenerated = await victim.submit(me, regenerate, factors, here());
    expectAccepted(regenerated);
    expect(regenerated.html).toContain("the old ones no longer work");
    expect(await recoveryCodeHashes(account.email)).not.toEqual(before);
  });

  it("/password/forgot and /password/reset: no reset mail, no new password", async () => {
    const account = await activatedAccount(uniqueEmail("csrf-reset"));
    const browser = formBrowser(here());
    const page = await browser.open("/password/forgot");
    const request = formWith(page, ["email"]);
    const mailsBefore = await mailCount(databaseUrl(), account.email);
    expectRefused(await browser.submit(page, request, { email: account.email }, ELSEWHERE));
    expect(browser.cookie(PENDING_RESET_COOKIE, "/password/forgot")).toBeUndefined();
    expect(await mailCount(databaseUrl(), account.email)).toBe(mailsBefore);
    expectAccepted(await browser.submit(page, request, { email: account.email }, here()));
    const linkMail = await waitForMail(here(), account.email, RESET_SUBJECT);
    expect(await mailCount(databaseUrl(), account.email)).toBe(mailsBefore + 1);

    // Waiting for the code: the page offers the code form and a way to start over.
    const byCodeInputs = ["email", "code", "newPassword", "totp", "recoveryCode"];
    const waiting = await browser.open("/password/forgot");
    const startOver = formWith(waiting, []);
    expectRefused(await browser.submit(waiting, startOver, {}, ELSEWHERE));
    expect(browser.cookie(PENDING_RESET_COOKIE, "/password/forgot")).toBeDefined();
    formWith(await browser.open("/password/forgot"), byCodeInputs);
    const restarted = await browser.submit(waiting, startOver, {}, here());
    expect(restarted.location).toMatch(/\/password\/forgot$/);
    expect(browser.cookie(PENDING_RESET_COOKIE, "/password/forgot")).toBeUndefined();

    // The link's page, then the code form: a forged post changes nothing and spends
    // nothing (the site's own post then works with the same recovery code).
    const before = await storedFactors(account.email);
    const linkPage = await browser.open(linkUrl(linkMail));
    const byLink = formWith(linkPage, ["newPassword", "totp", "recoveryCode"]);
    const byLinkValues = {
      newPassword: "a new passphrase by link",
      recoveryCode: account.recoveryCodes[0]!,
    };
    expectRefused(await browser.submit(linkPage, byLink, byLinkValues, ELSEWHERE));
    expect(await storedFactors(account.email)).toEqual(before);
    const resetByLink = await browser.submit(linkPage, byLink, byLinkValues, here());
    expect(resetByLink.location).toMatch(/\/password\/reset\/done$/);
    const afterLink = await storedFactors(account.email);
    expect(afterLink.passwordHash).not.toBe(before.passwordHash);

    await browser.submit(page, request, { email: account.email }, here());
    const codeMail = await waitForMail(here(), account.email, RESET_SUBJECT, { count: 2 });
    const waitingAgain = await browser.open("/password/forgot");
    const byCode = formWith(waitingAgain, byCodeInputs);
    const factors = {
      code: mailCode(codeMail),
      newPassword: "a new passphrase by code",
      recoveryCode: account.recoveryCodes[1]!,
    };
    expectRefused(await browser.submit(waitingAgain, byCode, factors, ELSEWHERE));
    expect(await storedFactors(account.email)).toEqual(afterLink);
    const resetByCode = await browser.submit(waitingAgain, byCode, factors, here());
    expect(resetByCode.location).toMatch(/\/password\/reset\/done$/);
    expect((await storedFactors(account.email)).passwordHash).not.toBe(afterLink.passwordHash);
  });

  it("/me: changing the password and replacing the authenticator do nothing", async () => {
    const account = await activatedAccount(uniqueEmail("csrf-factors"));
    const victim = await browserSession(account);
    const other = await apiSession(account, 0);
    const otherWorks = async () =>
      (await call("GET", "/api/v1/me", { headers: bearer(other) })).status;
    const before = await storedFactors(account.email);

    const me = await victim.open("/me");
    const change = formWith(me, ["currentPassword", "newPassword", "totp", "recoveryCode"]);
    const changeValues = {
      currentPassword: account.password,
      newPassword: "a changed passphrase here",
      recoveryCode: account.recoveryCodes[1]!,
    };
    expectRefused(await victim.submit(me, change, changeValues, ELSEWHERE));
    expect(await storedFactors(account.email)).toEqual(before);
    expect(await otherWorks()).toBe(200);
    // The same recovery code: the forged post did not spend it.
    const changed = await victim.submit(me, change, changeValues, here());
    expectAccepted(changed);
    expect(changed.html).toContain("Your password has been changed");
    expect(await otherWorks()).toBe(401);

    const replace = formWith(me, ["password", "totp", "recoveryCode"]);
    const replaceValues = {
      password: changeValues.newPassword,
      recoveryCode: account.recoveryCodes[2]!,
    };
    expectRefused(await victim.submit(me, replace, replaceValues, ELSEWHERE));
    expect((await storedFactors(account.email)).pendingTotpSecret).toBeNull();
    const issued = await victim.submit(me, replace, replaceValues, here());
    expectAccepted(issued);
    const newKey = /[?&]secret=([A-Z2-7]+)/.exec(issued.html)![1]!;
    const staged = await storedFactors(account.email);
    expect(staged.pendingTotpSecret).not.toBeNull();

    const withKey = { ...me, html: issued.html };
    const confirm = formWith(withKey, ["totp"]);
    const code = await nextTotp(newKey);
    expectRefused(await victim.submit(withKey, confirm, { totp: code }, ELSEWHERE));
    expect(await storedFactors(account.email)).toEqual(staged);
    const confirmed = await victim.submit(withKey, confirm, { totp: code }, here());
    expectAccepted(confirmed);
    expect(confirmed.html).toContain("Your new authenticator is active");
    expect((await storedFactors(account.email)).totpSecret).not.toBe(before.totpSecret);
  });

  it("/account/delete and /account/delete/confirm: no deletion mail, no deletion", async () => {
    const account = await activatedAccount(uniqueEmail("csrf-delete"));
    const browser = formBrowser(here());
    const page = await browser.open("/account/delete");
    const request = formWith(page, ["email", "password"]);
    const credentials = { email: account.email, password: account.password };
    const mailsBefore = await mailCount(databaseUrl(), account.email);
    expectRefused(await browser.submit(page, request, credentials, ELSEWHERE));
    expect(await mailCount(databaseUrl(), account.email)).toBe(mailsBefore);
    expectAccepted(await browser.submit(page, request, credentials, here()));
    expect(await mailCount(databaseUrl(), account.email)).toBe(mailsBefore + 1);

    const mail = await waitForMail(here(), account.email, /Confirm deleting/);
    const confirm = await browser.open(linkUrl(mail));
    const form = formWith(confirm, []);
    expectRefused(await browser.submit(confirm, form, {}, ELSEWHERE));
    expect(await accountRows(databaseUrl(), account.email)).toMatchObject({ users: 1 });
    const deleted = await browser.submit(confirm, form, {}, here());
    expect(deleted.location).toMatch(/\/account\/delete\/done$/);
    expect(await accountRows(databaseUrl(), account.email)).toMatchObject({ users: 0 });
  });
});
