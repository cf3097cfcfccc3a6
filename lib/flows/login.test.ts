// The login workflow in process (SPEC 1.2): link or code, then password and a second factor;
// the previous login shown; each failure answered alike and counted.
import { beforeAll, describe, expect, it } from "vitest";
import {
  type Account,
  activeAccount,
  client,
  codeIn,
  deliverMail,
  failure,
  freshDatabase,
  lastMail,
  loginMail,
  STRONG_PASSWORD as PASSWORD,
  SUBJECT,
  tokenIn,
  uniqueEmail,
} from "../../e2e/support/in-process";
import { nextTotp, wrongTotp } from "../../e2e/support/totp";
import { listEvents } from "../auth/security-events";
import { db } from "../server/db";
import { completeLogin, requestLogin } from "./login";

await freshDatabase();

describe("requestLogin", () => {
  it("answers every address alike, and mails a link and a code only to an active account", async () => {
    const active = await activeAccount();
    const unknown = uniqueEmail();
    const answers = [
      await requestLogin(active.email, client()),
      await requestLogin(unknown, client()),
    ];
    expect(answers[0]!.replace(active.email, "<email>")).toBe(
      answers[1]!.replace(unknown, "<email>"),
    );
    const mail = await lastMail(active.email, SUBJECT.login);
    expect(mail.text).toContain("http://triplock.test/login/verify?token=");
    expect(codeIn(mail)).toMatch(/^\d{6}$/);
    expect((await deliverMail()).filter((m) => m.to === unknown)).toEqual([]);
  });
});

describe("completeLogin", () => {
  let account: Account;
  beforeAll(async () => {
    account = await activeAccount();
  });

  it("signs in with the link, the password and a TOTP code, and remembers the login", async () => {
    const before = new Date();
    const mail = await loginMail(account.email);
    const first = await completeLogin(
      { token: tokenIn(mail) },
      { password: PASSWORD, totp: await nextTotp(account.secret) },
      "API",
      client(),
    );
    expect(first.previousLoginAt).toBeNull();
    expect(first.session.token).toMatch(/^[\w-]{43}$/);

    const second = await completeLogin(
      { email: account.email, code: codeIn(await loginMail(account.email)) },
      { password: PASSWORD, recoveryCode: account.recoveryCodes[0]! },
      "BROWSER",
      client(),
    );
    // The previous login is the first one, not this one.
    expect(second.previousLoginAt!.getTime()).toBeGreaterThanOrEqual(before.getTime());
    expect(second.previousLoginAt!.getTime()).toBeLessThan(Date.now());
    const logins = (await listEvents(second.user.id)).filter((e) => e.type === "LOGIN_SUCCEEDED");
    expect(logins).toHaveLength(2);
  });

  it("answers a wrong password and a wrong second factor alike, and spends nothing", async () => {
    const loginTimes = () =>
      db().user.findUniqueOrThrow({
        where: { email: account.email },
        select: { lastLoginAt: true, previousLoginAt: true },
      });
    const before = await loginTimes();
    const token = tokenIn(await loginMail(account.email));
    const totp = await nextTotp(account.secret);
    const wrongPassword = await failure(
      completeLogin({ token }, { password: "not it", totp }, "API", client()),
    );
    const wrongCode = await failure(
      completeLogin(
        { token },
        { password: PASSWORD, totp: await wrongTotp(account.secret) },
        "API",
        client(),
      ),
    );
    expect([wrongPassword.code, wrongPassword.message]).toEqual([
      wrongCode.code,
      wrongCode.message,
    ]);
    // Nor recorded as a login: the wrong second factor undid the login time it had set.
    expect(await loginTimes()).toEqual(before);
    // The right factors still work on the same link: nothing was spent by the failures.
    const ok = await completeLogin({ token }, { password: PASSWORD, totp }, "API", client());
    expect(ok.user.email).toBe(account.email);
    expect(ok.previousLoginAt).toEqual(before.lastLoginAt);
  });

  it("refuses a link once it is used (410), whatever the factors", async () => {
    const token = tokenIn(await loginMail(account.email));
    const factors = (i: number) => ({
      password: PASSWORD,
      recoveryCode: account.recoveryCodes[i]!,
    });
    await completeLogin({ token }, factors(1), "API", client());
    const again = await failure(completeLogin({ token }, factors(2), "API", client()));
    expect([again.status, again.code]).toEqual([410, "token_used"]);
  });
});
