// Account deletion (SPEC 1.3): only with the password and the emailed link; a wrong
// password looks like an unknown address; deletion takes everything, sessions included.
import { generate } from "otplib";
import { describe, expect, inject, it } from "vitest";
import { baseUrl, call, post, STRONG_PASSWORD, uniqueEmail } from "../support/api";
import { waitForOutboxDrained, withDatabase } from "../support/database-inspect";
import { linkToken, listMail, waitForMail } from "../support/mailbox";
import { activatedAccount, SIGNUP_SUBJECT } from "../support/signup";

const DELETE_SUBJECT = /Confirm deleting your Triplock account/;

async function apiLogin(email: string, secret: string): Promise<string> {
  await post("/api/v1/login", { email });
  const mail = await waitForMail(baseUrl(), email, /Your Triplock login link/);
  const response = await post<{ accessToken: string }>("/api/v1/login/complete", {
    token: linkToken(mail),
    password: STRONG_PASSWORD,
    totp: await generate({ secret }),
  });
  expect(response.status).toBe(200);
  return response.body.accessToken;
}

describe("POST /api/v1/account/delete", () => {
  it("mails a deletion link for the right password", async () => {
    const account = await activatedAccount(uniqueEmail("del"));
    const response = await post("/api/v1/account/delete", {
      email: account.email,
      password: STRONG_PASSWORD,
    });
    expect(response.status).toBe(202);
    const mail = await waitForMail(baseUrl(), account.email, DELETE_SUBJECT);
    expect(mail.text).toContain(`${baseUrl()}/account/delete/confirm?token=`);
  });

  it("answers a wrong password exactly like an unknown address, and mails nothing", async () => {
    const account = await activatedAccount(uniqueEmail("del"));
    const wrong = await post("/api/v1/account/delete", {
      email: account.email,
      password: "not the password",
    });
    const unknown = await post("/api/v1/account/delete", {
      email: uniqueEmail("nobody"),
      password: "not the password",
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.headers.get("content-type")).toContain("application/problem+json");
    expect(
      (await listMail(baseUrl(), account.email)).filter((m) => DELETE_SUBJECT.test(m.subject)),
    ).toHaveLength(0);
  });
});

describe("POST /api/v1/account/delete/confirm", () => {
  it("deletes the account and everything in it, ends its sessions, mails a confirmation, frees the address", async () => {
    const account = await activatedAccount(uniqueEmail("del"));
    const accessToken = await apiLogin(account.email, account.secret);
    const auth = { authorization: `Bearer ${accessToken}` };
    expect((await call("GET", "/api/v1/me", { headers: auth })).status).toBe(200);

    await post("/api/v1/account/delete", { email: account.email, password: STRONG_PASSWORD });
    const token = linkToken(await waitForMail(baseUrl(), account.email, DELETE_SUBJECT));
    const response = await post("/api/v1/account/delete/confirm", { token });
    expect(response.status).toBe(200);
    expect(response.body.message).toMatch(/deleted/i);

    expect((await call("GET", "/api/v1/me", { headers: auth })).status).toBe(401);
    await waitForMail(baseUrl(), account.email, /has been deleted/);
    // The account is gone: login mails nothing, and the password no longer opens anything.
    const retry = await post("/api/v1/account/delete", {
      email: account.email,
      password: STRONG_PASSWORD,
    });
    expect(retry.status).toBe(401);
    // The address can sign up again (the mailbox now holds two sign-up mails for it).
    expect(
      (await post("/api/v1/signup", { email: account.email, password: STRONG_PASSWORD })).status,
    ).toBe(202);
    const signup = await waitForMail(baseUrl(), account.email, SIGNUP_SUBJECT, { count: 2 });
    const again = await post("/api/v1/signup/confirm", {
      token: linkToken(signup),
      password: STRONG_PASSWORD,
    });
    expect(again.status).toBe(200);
  });

  it("leaves no record of the mail sent to the address, the deletion notice included", async () => {
    const account = await activatedAccount(uniqueEmail("forgotten"));
    await apiLogin(account.email, account.secret);
    await post("/api/v1/account/delete", { email: account.email, password: STRONG_PASSWORD });
    const token = linkToken(await waitForMail(baseUrl(), account.email, DELETE_SUBJECT));
    expect((await post("/api/v1/account/delete/confirm", { token })).status).toBe(200);
    await waitForMail(baseUrl(), account.email, /has been deleted/);
    await waitForOutboxDrained(inject("databaseUrl"));
    const rows = await withDatabase(inject("databaseUrl"), async (client) => {
      const { rows } = await client.query(
        `SELECT subject, status FROM "EmailMessage" WHERE "to" = $1`,
        [account.email],
      );
      return rows;
    });
    expect(rows).toEqual([]);
  });

  it("works once, and a link of another purpose is refused", async () => {
    const account = await activatedAccount(uniqueEmail("del"));
    await post("/api/v1/login", { email: account.email });
    const loginToken = linkToken(
      await waitForMail(baseUrl(), account.email, /Your Triplock login link/),
    );
    const wrongPurpose = await post("/api/v1/account/delete/confirm", { token: loginToken });
    expect(wrongPurpose.status).toBe(410);
    expect(wrongPurpose.body.code).toBe("token_invalid");

    await post("/api/v1/account/delete", { email: account.email, password: STRONG_PASSWORD });
    const token = linkToken(await waitForMail(baseUrl(), account.email, DELETE_SUBJECT));
    expect((await post("/api/v1/account/delete/confirm", { token })).status).toBe(200);
    const again = await post("/api/v1/account/delete/confirm", { token });
    expect(again.status).toBe(410);
  });
});
