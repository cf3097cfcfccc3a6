// Threat: taking an account with its mailbox alone, by guessing, replaying or re-using a reset, or keeping a session (a thief's) alive through the owner's reset.
import { beforeAll, describe, expect, inject, it } from "vitest";
import { post, STRONG_PASSWORD, uniqueEmail, type ApiResponse } from "../support/api";
import { mailCount } from "../support/database-inspect";
import { dedicatedServers } from "../support/dedicated-server";
import { NEW_PASSWORD, requestResetMail, resetPassword } from "../support/lifecycle";
import { expectLimited } from "../support/limits";
import {
  apiSession,
  browserSession,
  completeLogin,
  loginLink,
  loginWith,
  me,
  nextTotp,
  otherCode,
  stillSignedIn,
  wrongTotp,
} from "../support/login";
import { linkToken, mailCode } from "../support/mailbox";
import { activatedAccount, signUp, type Activated } from "../support/signup";

// The shared server allows 5 mails per address and hour: each test's account asks for at
// most 4 (the sign-up link is the first).

/** Logging in with `password` and recovery code 0 (unused until then): the status. */
const loginStatus = async (account: Activated, password: string, server?: string) =>
  (await loginWith(account.email, { password, recoveryCode: account.recoveryCodes[0] }, server))
    .status;

function expectRefused(response: ApiResponse<{ code?: string }>, code: string) {
  expect(response.headers.get("content-type")).toContain("application/problem+json");
  expect([response.status, response.body.code]).toEqual([
    { invalid_credentials: 401, token_used: 410, token_invalid: 410 }[code],
    code,
  ]);
}

describe("a reset by link, a second factor and a new password", () => {
  it("ends every session, browser and API; the old password is refused at login, the new one works", async () => {
    const account = await activatedAccount(uniqueEmail("reset"));
    const browser = await browserSession(account);
    const api = await apiSession(account, 0);
    expect(await stillSignedIn(browser)).toBe(true);
    expect((await me(api)).status).toBe(200);

    const token = linkToken(await requestResetMail(account.email));
    const reset = await resetPassword({
      token,
      recoveryCode: account.recoveryCodes[1],
      newPassword: NEW_PASSWORD,
    });
    expect(reset.status).toBe(200);
    expect(reset.body.message).toMatch(/every session signed out/);

    expect(await stillSignedIn(browser)).toBe(false);
    expect((await me(api)).status).toBe(401);
    const login = await loginLink(account.email);
    const factors = { token: login, recoveryCode: account.recoveryCodes[2] };
    expectRefused(
      await completeLogin({ ...factors, password: account.password }),
      "invalid_credentials",
    );
    expect((await completeLogin({ ...factors, password: NEW_PASSWORD })).status).toBe(200);
  });

  it("works once: the same link is refused afterwards (410), whatever the factors", async () => {
    const account = await activatedAccount(uniqueEmail("reset-once"));
    const token = linkToken(await requestResetMail(account.email));
    const first = await resetPassword({
      token,
      totp: await nextTotp(account.secret),
      newPassword: NEW_PASSWORD,
    });
    expect(first.status).toBe(200);
    const again = await resetPassword({
      token,
      recoveryCode: account.recoveryCodes[0],
      newPassword: `${NEW_PASSWORD} again`,
    });
    expectRefused(again, "token_used");
    expect(await loginStatus(account, NEW_PASSWORD)).toBe(200);
  });

  it("works with the emailed code typed with the address, which uses up the link of that mail", async () => {
    const account = await activatedAccount(uniqueEmail("reset-code"));
    const mail = await requestResetMail(account.email);
    const byCode = await resetPassword({
      email: account.email,
      code: mailCode(mail),
      totp: await nextTotp(account.secret),
      newPassword: NEW_PASSWORD,
    });
    expect(byCode.status).toBe(200);
    const link = await resetPassword({
      token: linkToken(mail),
      recoveryCode: account.recoveryCodes[0],
      newPassword: `${NEW_PASSWORD} again`,
    });
    expectRefused(link, "token_used");
    expect(await loginStatus(account, NEW_PASSWORD)).toBe(200);
  });

  it("refuses a wrong TOTP code (401) and changes nothing: the old password still works, the link too", async () => {
    const account = await activatedAccount(uniqueEmail("reset-wrong"));
    const token = linkToken(await requestResetMail(account.email));
    const wrong = await resetPassword({
      token,
      totp: await wrongTotp(account.secret),
      newPassword: NEW_PASSWORD,
    });
    expectRefused(wrong, "invalid_credentials");
    expect(await loginStatus(account, account.password)).toBe(200);
    const right = await resetPassword({
      token,
      totp: await nextTotp(account.secret),
      newPassword: NEW_PASSWORD,
    });
    expect(right.status).toBe(200);
  });

  it("refuses a TOTP code whose time step was already used (a replay)", async () => {
    const account = await activatedAccount(uniqueEmail("reset-replay"));
    const totp = await nextTotp(account.secret);
    expect((await loginWith(account.email, { password: account.password, totp })).status).toBe(200);
    const token = linkToken(await requestResetMail(account.email));
    expectRefused(
      await resetPassword({ token, totp, newPassword: NEW_PASSWORD }),
      "invalid_credentials",
    );
    const next = await resetPassword({
      token,
      totp: await nextTotp(account.secret),
      newPassword: NEW_PASSWORD,
    });
    expect(next.status).toBe(200);
  });

  it("refuses a recovery code already used, and one of another account", async () => {
    const account = await activatedAccount(uniqueEmail("reset-used"));
    const other = await activatedAccount(uniqueEmail("reset-other"));
    await apiSession(account, 0);
    const token = linkToken(await requestResetMail(account.email));
    for (const recoveryCode of [account.recoveryCodes[0], other.recoveryCodes[1]])
      expectRefused(
        await resetPassword({ token, recoveryCode, newPassword: NEW_PASSWORD }),
        "invalid_credentials",
      );
    const unused = await resetPassword({
      token,
      recoveryCode: account.recoveryCodes[1],
      newPassword: NEW_PASSWORD,
    });
    expect(unused.status).toBe(200);
  });

  it("refuses a new password outside the policy (400 naming newPassword), and keeps the link", async () => {
    const account = await activatedAccount(uniqueEmail("reset-weak"));
    const token = linkToken(await requestResetMail(account.email));
    const recoveryCode = account.recoveryCodes[0];
    const common = await resetPassword({ token, recoveryCode, newPassword: "password123" });
    expect([common.status, common.body.code]).toEqual([400, "weak_password"]);
    expect(Object.keys(common.body.errors ?? {})).toEqual(["newPassword"]);
    const short = await resetPassword({ token, recoveryCode, newPassword: "short" });
    expect([short.status, short.body.code]).toEqual([400, "validation_failed"]);
    expect(Object.keys(short.body.errors ?? {})).toEqual(["newPassword"]);
    const valid = await resetPassword({ token, recoveryCode, newPassword: NEW_PASSWORD });
    expect(valid.status).toBe(200);
  });

  it("takes no login link, and a reset link opens no login", async () => {
    const account = await activatedAccount(uniqueEmail("reset-purpose"));
    const resetToken = linkToken(await requestResetMail(account.email));
    const loginToken = await loginLink(account.email);
    expectRefused(
      await resetPassword({
        token: loginToken,
        recoveryCode: account.recoveryCodes[0],
        newPassword: NEW_PASSWORD,
      }),
      "token_invalid",
    );
    expectRefused(
      await completeLogin({
        token: resetToken,
        password: account.password,
        recoveryCode: account.recoveryCodes[0],
      }),
      "token_invalid",
    );
    // Neither spent the recovery code, nor either link.
    const reset = await resetPassword({
      token: resetToken,
      recoveryCode: account.recoveryCodes[0],
      newPassword: NEW_PASSWORD,
    });
    expect(reset.status).toBe(200);
  });
});

describe("failed attempts on one reset", () => {
  it("5 kill the link, even for the right factor; the code of the same mail keeps its own budget", async () => {
    const account = await activatedAccount(uniqueEmail("reset-5"));
    const mail = await requestResetMail(account.email);
    const token = linkToken(mail);
    for (let i = 0; i < 5; i++)
      expectRefused(
        await resetPassword({
          token,
          totp: await wrongTotp(account.secret),
          newPassword: NEW_PASSWORD,
        }),
        "invalid_credentials",
      );
    const right = { recoveryCode: account.recoveryCodes[0], newPassword: NEW_PASSWORD };
    expectRefused(await resetPassword({ token, ...right }), "token_invalid");
    const byCode = await resetPassword({ email: account.email, code: mailCode(mail), ...right });
    expect(byCode.status).toBe(200);
  });

  it("5 wrong codes kill the code, answered like an unknown address; the link in the inbox still works", async () => {
    const account = await activatedAccount(uniqueEmail("reset-code-5"));
    const mail = await requestResetMail(account.email);
    const code = mailCode(mail);
    const right = { recoveryCode: account.recoveryCodes[0], newPassword: NEW_PASSWORD };
    for (let i = 0; i < 5; i++) {
      const wrong = await resetPassword({ email: account.email, code: otherCode(code), ...right });
      expectRefused(wrong, "invalid_credentials");
    }
    const spent = await resetPassword({ email: account.email, code, ...right });
    const unknown = await resetPassword({ email: uniqueEmail("nobody"), code, ...right });
    expectRefused(spent, "invalid_credentials");
    expect(spent.body).toEqual(unknown.body);
    expect((await resetPassword({ token: linkToken(mail), ...right })).status).toBe(200);
  });
});

describe("POST /api/v1/password/forgot", () => {
  it("answers 202 alike for active, pending and unknown addresses, and mails only the active account", async () => {
    const active = await activatedAccount(uniqueEmail("forgot"));
    const pending = uniqueEmail("forgot");
    await signUp(pending);
    const unknown = uniqueEmail("forgot");
    const databaseUrl = inject("databaseUrl");
    const before = { pending: await mailCount(databaseUrl, pending), unknown: 0 };
    expect(before.pending).toBe(1);

    // The worker answers requests oldest first: once the active account's mail is there,
    // the two earlier requests have been answered too.
    const answers = [];
    for (const email of [pending, unknown]) {
      const response = await post("/api/v1/password/forgot", { email });
      answers.push({
        status: response.status,
        body: JSON.stringify(response.body).replace(email, "<email>"),
      });
    }
    const mail = await requestResetMail(active.email);
    expect(mail.text).toMatch(/\/password\/reset\?token=[\w-]{43}/);
    expect(mailCode(mail)).toMatch(/^\d{6}$/);
    expect(answers).toEqual([
      { status: 202, body: expect.stringContaining("<email>") },
      answers[0],
    ]);
    expect({
      pending: await mailCount(databaseUrl, pending),
      unknown: await mailCount(databaseUrl, unknown),
    }).toEqual(before);
  });

  it("kills the earlier link and code when a new reset is asked for", async () => {
    const account = await activatedAccount(uniqueEmail("forgot-again"));
    const first = await requestResetMail(account.email);
    const second = await requestResetMail(account.email);
    const factors = { recoveryCode: account.recoveryCodes[0], newPassword: NEW_PASSWORD };
    expectRefused(await resetPassword({ token: linkToken(first), ...factors }), "token_invalid");
    expectRefused(
      await resetPassword({ email: account.email, code: mailCode(first), ...factors }),
      "invalid_credentials",
    );
    expect((await resetPassword({ token: linkToken(second), ...factors })).status).toBe(200);
  });
});

describe("the address's failure budgets for resets", () => {
  const FAILURES = 3;
  const dedicated = dedicatedServers({
    LOGIN_FAILURES_PER_ACCOUNT: String(FAILURES),
    LOGIN_FAILURES_PER_IP: "100000",
    MAIL_PER_ADDRESS_PER_HOUR: "100",
    MAIL_PER_IP_PER_HOUR: "100000",
  });
  let url: string;
  beforeAll(async () => {
    url = (await dedicated()).url;
  });

  it("failures by link lock resets with 429 and Retry-After, for the right factors and a new link too; login stays open", async () => {
    const options = { server: url };
    const account = await activatedAccount(uniqueEmail("reset-lock"), STRONG_PASSWORD, url);
    const token = linkToken(await requestResetMail(account.email, options));
    for (let i = 0; i < FAILURES; i++)
      expectRefused(
        await resetPassword(
          { token, totp: await wrongTotp(account.secret), newPassword: NEW_PASSWORD },
          options,
        ),
        "invalid_credentials",
      );
    const right = { recoveryCode: account.recoveryCodes[0], newPassword: NEW_PASSWORD };
    expectLimited(await resetPassword({ token, ...right }, options), 900, "the same link");
    const fresh = linkToken(await requestResetMail(account.email, options));
    expectLimited(await resetPassword({ token: fresh, ...right }, options), 900, "a new link");
    // Each way in has its own budget: logging in still works, with the same recovery code.
    expect(await loginStatus(account, account.password, url)).toBe(200);
  });

  it("wrong codes typed with the address lock only that way: the link in the owner's inbox still works", async () => {
    const options = { server: url };
    const account = await activatedAccount(uniqueEmail("reset-code-lock"), STRONG_PASSWORD, url);
    const mail = await requestResetMail(account.email, options);
    const right = { recoveryCode: account.recoveryCodes[0], newPassword: NEW_PASSWORD };
    const typed = (code: string) =>
      resetPassword({ email: account.email, code, ...right }, options);
    for (let i = 0; i < FAILURES; i++)
      expectRefused(await typed(otherCode(mailCode(mail))), "invalid_credentials");
    expectLimited(await typed(mailCode(mail)), 900, "the right code");
    expect((await resetPassword({ token: linkToken(mail), ...right }, options)).status).toBe(200);
  });
});
