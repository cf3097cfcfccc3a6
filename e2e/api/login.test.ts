// Property: login needs all three factors (emailed link or code, password, TOTP), says when the previous login was, and tells nobody whether an address has an account.
import { describe, expect, it } from "vitest";
import { baseUrl, call, post, STRONG_PASSWORD, uniqueEmail } from "../support/api";
import { linkToken, listMail, mailCode, waitForMail } from "../support/mailbox";
import {
  bearer,
  completeLogin,
  logIn,
  LOGIN_SUBJECT,
  loginLink,
  nextTotp,
  otherCode,
  requestLoginMail,
  SIGN_IN_SUBJECT,
  wrongTotp,
  type Me,
} from "../support/login";
import { activatedAccount, signUp } from "../support/signup";

const me = (token: string) => call<Me>("GET", "/api/v1/me", { headers: bearer(token) });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;

describe("POST /api/v1/login", () => {
  it("answers 202 and mails an ACTIVE account a login link and a 6-digit code", async () => {
    const account = await activatedAccount(uniqueEmail());
    const response = await post("/api/v1/login", { email: account.email });
    expect(response.status).toBe(202);
    expect(response.body.message).toMatch(/check your inbox/i);

    const mail = await waitForMail(baseUrl(), account.email, LOGIN_SUBJECT);
    expect(mail.text).toContain(`${baseUrl()}/login/verify?token=`);
    expect(linkToken(mail).length).toBeGreaterThanOrEqual(22); // ≥ 128 bits of base64url
    expect(mailCode(mail)).toMatch(/^\d{6}$/);
    expect(mail.html).toContain(linkToken(mail));
    expect(mail.html).toContain(mailCode(mail));
  });

  it("answers a PENDING or unknown address exactly like an ACTIVE one, and mails neither", async () => {
    const active = await activatedAccount(uniqueEmail("active"));
    const pending = uniqueEmail("pending");
    await signUp(pending);
    const unknown = uniqueEmail("unknown");

    const responses = await Promise.all(
      [active.email, pending, unknown].map((email) => post("/api/v1/login", { email })),
    );
    const shapes = responses.map((r, i) => ({
      status: r.status,
      contentType: r.headers.get("content-type"),
      keys: Object.keys(r.body),
      message: String(r.body.message).replace([active.email, pending, unknown][i]!, "ADDRESS"),
    }));
    expect(shapes[0]!.status).toBe(202);
    expect(shapes[1]).toEqual(shapes[0]);
    expect(shapes[2]).toEqual(shapes[0]);

    await waitForMail(baseUrl(), active.email, LOGIN_SUBJECT);
    await sleep(500); // the queue is drained at once; give a wrongly sent mail time to show
    expect(
      (await listMail(baseUrl(), pending)).filter((m) => LOGIN_SUBJECT.test(m.subject)),
    ).toHaveLength(0);
    expect(await listMail(baseUrl(), unknown)).toHaveLength(0);
  });

  it("refuses a malformed address with 400", async () => {
    const response = await post("/api/v1/login", { email: "not-an-email" });
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
    expect(response.body.code).toBe("validation_failed");
  });
});

describe("POST /api/v1/login/complete", () => {
  it("signs in on the first login: 'first login', no previous login, a bearer token", async () => {
    const account = await activatedAccount(uniqueEmail());
    const token = await loginLink(account.email);
    const before = Date.now();
    const response = await completeLogin({
      token,
      password: account.password,
      totp: await nextTotp(account.secret),
    });
    expect(response.status).toBe(200);
    const { message, previousLoginAt, accessToken, tokenType, expiresAt } = response.body;
    expect(message).toMatch(/first login/i);
    expect(previousLoginAt).toBeNull();
    expect(tokenType).toBe("Bearer");
    expect(accessToken).toMatch(/^[A-Za-z0-9_-]{22,}$/);
    expect(expiresAt).toMatch(ISO);
    expect(Date.parse(expiresAt)).toBeGreaterThan(before);

    const who = await me(accessToken);
    expect(who.status).toBe(200);
    expect(who.body).toMatchObject({ email: account.email, previousLoginAt: null });
    expect(who.body.lastLoginAt).toMatch(ISO);
    expect(Date.parse(who.body.lastLoginAt!)).toBeGreaterThanOrEqual(before - 1000);
  });

  it("shows the previous login's time on the second login", async () => {
    const account = await activatedAccount(uniqueEmail());
    const first = await logIn(account);
    const firstLoginAt = (await me(first.body.accessToken)).body.lastLoginAt!;
    expect(firstLoginAt).toMatch(ISO);

    const second = await logIn(account);
    expect(second.body.previousLoginAt).toBe(firstLoginAt);
    expect(second.body.message).not.toMatch(/first login/i);
    expect(second.body.message).toContain(firstLoginAt);

    const who = await me(second.body.accessToken);
    expect(who.body.previousLoginAt).toBe(firstLoginAt);
    expect(Date.parse(who.body.lastLoginAt!)).toBeGreaterThan(Date.parse(firstLoginAt));
  });

  it("mails a 'new sign-in' notice after each successful login", async () => {
    const account = await activatedAccount(uniqueEmail());
    await logIn(account);
    const notice = await waitForMail(baseUrl(), account.email, SIGN_IN_SUBJECT);
    expect(notice.text).not.toMatch(/token=/);
    expect(notice.text).toContain("127.0.0.1");
    await logIn(account);
    await waitForMail(baseUrl(), account.email, SIGN_IN_SUBJECT, { count: 2 });
  });

  it("accepts the emailed code with the address instead of the link (another device)", async () => {
    const account = await activatedAccount(uniqueEmail());
    const mail = await requestLoginMail(account.email);
    const response = await completeLogin({
      email: `  ${account.email.toUpperCase()} `,
      code: mailCode(mail),
      password: account.password,
      totp: await nextTotp(account.secret),
    });
    expect(response.status).toBe(200);
    expect(response.body.message).toMatch(/first login/i);
    expect((await me(response.body.accessToken)).body.email).toBe(account.email);

    // The link of the same request is spent with its code.
    const link = await completeLogin({
      token: linkToken(mail),
      password: account.password,
      totp: await nextTotp(account.secret),
    });
    expect(link.status).toBe(410);
    expect(link.body.code).toBe("token_used");
  });

  it("works once per link: a second use is 410 token_used", async () => {
    const account = await activatedAccount(uniqueEmail());
    const token = await loginLink(account.email);
    const body = { token, password: account.password };
    expect((await completeLogin({ ...body, totp: await nextTotp(account.secret) })).status).toBe(
      200,
    );
    const again = await completeLogin({ ...body, totp: await nextTotp(account.secret) });
    expect(again.status).toBe(410);
    expect(again.headers.get("content-type")).toContain("application/problem+json");
    expect(again.body).toMatchObject({ status: 410, code: "token_used" });
  });

  it("refuses a link made for another purpose (a sign-up link) with 410, and leaves it usable", async () => {
    const email = uniqueEmail();
    const signupToken = linkToken(await signUp(email));
    const response = await completeLogin({
      token: signupToken,
      password: STRONG_PASSWORD,
      totp: "123456",
    });
    expect(response.status).toBe(410);
    expect(response.body.code).toBe("token_invalid");
    // The sign-up link itself was not spent by the refused login.
    const confirm = await post<{ totp: { secret: string } }>("/api/v1/signup/confirm", {
      token: signupToken,
      password: STRONG_PASSWORD,
    });
    expect(confirm.status).toBe(200);

    // And the other way round: a login link does not confirm anything else.
    const loginToken = await loginLink(email);
    const misuse = await post("/api/v1/signup/confirm", {
      token: loginToken,
      password: STRONG_PASSWORD,
    });
    expect(misuse.status).toBe(410);
    expect(misuse.body.code).toBe("token_invalid");
  });

  it("answers 410 token_invalid for a link that never existed", async () => {
    const response = await completeLogin({
      token: "A".repeat(43),
      password: STRONG_PASSWORD,
      totp: "123456",
    });
    expect(response.status).toBe(410);
    expect(response.body.code).toBe("token_invalid");
  });

  it("gives the same 401 for a wrong password, a wrong TOTP code and a wrong emailed code", async () => {
    const account = await activatedAccount(uniqueEmail());
    const mail = await requestLoginMail(account.email);
    const token = linkToken(mail);
    const totp = await nextTotp(account.secret);

    const attempts = {
      password: await completeLogin({ token, password: "not the password!", totp }),
      totp: await completeLogin({
        token,
        password: account.password,
        totp: await wrongTotp(account.secret),
      }),
      code: await completeLogin({
        email: account.email,
        code: otherCode(mailCode(mail)),
        password: account.password,
        totp,
      }),
      unknownAddress: await completeLogin({
        email: uniqueEmail("nobody"),
        code: mailCode(mail),
        password: account.password,
        totp,
      }),
    };
    const seen = Object.values(attempts).map((r) => ({
      status: r.status,
      contentType: r.headers.get("content-type"),
      wwwAuthenticate: r.headers.get("www-authenticate"),
      body: r.body,
    }));
    expect(seen[0]).toMatchObject({ status: 401, body: { code: "invalid_credentials" } });
    expect(seen[0]!.contentType).toContain("application/problem+json");
    for (const other of seen.slice(1)) expect(other).toEqual(seen[0]);

    // None of the failures spent the TOTP code: the right factors still work on the link.
    const right = await completeLogin({ token, password: account.password, totp });
    expect(right.status).toBe(200);
  });

  it("answers email + code the same for an ACTIVE address with no login pending as for an unknown one", async () => {
    // Otherwise the code path is an oracle that tells, without mailing anyone, which
    // addresses have an account (SPEC 4: same response whether or not an email exists).
    const account = await activatedAccount(uniqueEmail());
    const body = { code: "123456", password: STRONG_PASSWORD, totp: "123456" };
    const active = await completeLogin({ ...body, email: account.email });
    const unknown = await completeLogin({ ...body, email: uniqueEmail("nobody") });
    expect(unknown.status).toBe(401);
    expect({ status: active.status, body: active.body }).toEqual({
      status: unknown.status,
      body: unknown.body,
    });
  });

  it.each([
    [{ password: STRONG_PASSWORD, totp: "123456" }, "token"],
    [{ email: "someone@example.com", password: STRONG_PASSWORD, totp: "123456" }, "token"],
    [{ code: "123456", password: STRONG_PASSWORD, totp: "123456" }, "token"],
    [
      {
        token: "A".repeat(43),
        password: STRONG_PASSWORD,
        totp: "123456",
        recoveryCode: "abcde-fghjk",
      },
      "totp",
    ],
    [{ token: "A".repeat(43), password: STRONG_PASSWORD }, "totp"],
    [{ token: "A".repeat(43), password: STRONG_PASSWORD, totp: "12345" }, "totp"],
    [{ token: "A".repeat(43), totp: "123456" }, "password"],
    [{ token: "../../etc", password: STRONG_PASSWORD, totp: "123456" }, "token"],
  ])("refuses %j with a 400 naming %s", async (body, field) => {
    const response = await completeLogin(body);
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
    expect(response.body).toMatchObject({ status: 400, code: "validation_failed" });
    expect(response.body.errors?.[field]?.[0]).toBeTruthy();
  });

  it("refuses malformed JSON with a 400 problem, not a 500", async () => {
    const response = await call("POST", "/api/v1/login/complete", { body: "{not json" });
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
  });
});
