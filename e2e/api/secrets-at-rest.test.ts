// Threat: a stolen database dump reveals passwords, link tokens, emailed codes, TOTP secrets, recovery codes or access tokens.
import { generate } from "otplib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { basic, call, post, STRONG_PASSWORD, uniqueEmail } from "../support/api";
import { dumpAll, waitForOutboxDrained, withDatabase } from "../support/database-inspect";
import { codeIn, startFakeResend, tokenIn, type FakeResend } from "../support/fake-resend";
import {
  createDatabase,
  startServer,
  type Database,
  type TestServer,
} from "../support/test-server";

let fake: FakeResend;
let database: Database;
let server: TestServer;

beforeAll(async () => {
  fake = await startFakeResend();
  database = await createDatabase();
  server = await startServer(database, {
    env: {
      RESEND_API_KEY: fake.apiKey,
      RESEND_BASE_URL: fake.url,
      MAIL_PER_IP_PER_HOUR: "100000",
    },
  });
}, 120_000);

afterAll(async () => {
  await server?.stop();
  await fake?.close();
  await database?.drop();
});

const api = <T = Record<string, unknown>>(
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
) => post<T>(path, body, { server: server.url, headers });

interface Activation {
  totp: { secret: string; uri: string };
  recoveryCodes: string[];
}

interface Secrets {
  /** Long random values: must not appear anywhere, even as a substring. */
  substrings: Map<string, string>;
  /** Short numeric codes: must not appear as a whole value (they could occur by chance inside other text). */
  wholeValues: Map<string, string>;
}

function wholeValuePattern(value: string): RegExp {
  // As a JSON string value, a JSON number, or a word of its own in stored text.
  return new RegExp(`(?<=^|["\\s:,\\[])${value}(?=$|["\\s,}\\]])`);
}

function findLeaks(dump: Record<string, string[]>, secrets: Secrets): string[] {
  const leaks: string[] = [];
  for (const [table, rows] of Object.entries(dump)) {
    for (const row of rows) {
      for (const [label, value] of secrets.substrings) {
        if (row.includes(value)) leaks.push(`${label} in "${table}": ${row.slice(0, 300)}`);
      }
      for (const [label, value] of secrets.wholeValues) {
        if (wholeValuePattern(value).test(row))
          leaks.push(`${label} in "${table}": ${row.slice(0, 300)}`);
      }
    }
  }
  return leaks;
}

describe("secrets at rest", () => {
  it("after a full journey, no secret appears in clear in any table", async () => {
    const secrets: Secrets = { substrings: new Map(), wholeValues: new Map() };
    const remember = (label: string, value: string) => {
      if (/^\d{4,10}$/.test(value)) secrets.wholeValues.set(label, value);
      else secrets.substrings.set(label, value);
    };
    const password = `${STRONG_PASSWORD} ${Math.random().toString(36).slice(2, 8)}`;
    remember("password", password);

    // 1. Sign-up and confirmation by link.
    const email = uniqueEmail("atrest");
    expect((await api("/api/v1/signup", { email, password })).status).toBe(202);
    const signupMail = await fake.waitForDelivery(email, /Confirm your Triplock account/);
    remember("sign-up link token", tokenIn(signupMail.payload.text));
    remember("sign-up code", codeIn(signupMail.payload.text));
    const confirmed = await api<Activation>("/api/v1/signup/confirm", {
      token: tokenIn(signupMail.payload.text),
      password,
    });
    expect(confirmed.status).toBe(200);
    const { secret } = confirmed.body.totp;
    remember("TOTP secret", secret);
    remember("TOTP secret (lower case)", secret.toLowerCase());
    confirmed.body.recoveryCodes.forEach((code, i) => {
      remember(`recovery code ${i}`, code);
      remember(`recovery code ${i} without hyphen`, code.replace(/-/g, ""));
      remember(`recovery code ${i} (upper case)`, code.toUpperCase());
    });

    // 2. Login by link with a TOTP code.
    expect((await api("/api/v1/login", { email })).status).toBe(202);
    const loginMail = await fake.waitForDelivery(email, /Your Triplock login link/);
    remember("login link token", tokenIn(loginMail.payload.text));
    remember("login code", codeIn(loginMail.payload.text));
    const byLink = await api<{ accessToken: string }>("/api/v1/login/complete", {
      token: tokenIn(loginMail.payload.text),
      password,
      totp: await generate({ secret }),
    });
    expect(byLink.status).toBe(200);
    remember("access token (link login)", byLink.body.accessToken);
    expect(
      (
        await call("GET", "/api/v1/me", {
          server: server.url,
          headers: { authorization: `Bearer ${byLink.body.accessToken}` },
        })
      ).status,
    ).toBe(200);

    // 3. Login by the emailed code with a recovery code.
    expect((await api("/api/v1/login", { email })).status).toBe(202);
    const secondLogin = await fake.waitForDelivery(email, /Your Triplock login link/, {
      count: 2,
    });
    remember("second login link token", tokenIn(secondLogin.payload.text));
    remember("second login code", codeIn(secondLogin.payload.text));
    const byCode = await api<{ accessToken: string }>("/api/v1/login/complete", {
      email,
      code: codeIn(secondLogin.payload.text),
      password,
      recoveryCode: confirmed.body.recoveryCodes[0],
    });
    expect(byCode.status).toBe(200);
    remember("access token (code login)", byCode.body.accessToken);

    // 4. The first account's lifecycle: a reset by the emailed code, a new login, a password
    // change, a new authenticator left waiting for its confirmation (so its key sits in the
    // database), and new recovery codes.
    const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
    expect((await api("/api/v1/password/forgot", { email })).status).toBe(202);
    const resetMail = await fake.waitForDelivery(email, /Reset your Triplock password/);
    remember("reset link token", tokenIn(resetMail.payload.text));
    remember("reset code", codeIn(resetMail.payload.text));
    const resetTo = `${password} reset`;
    remember("password after the reset", resetTo);
    const reset = await api("/api/v1/password/reset", {
      email,
      code: codeIn(resetMail.payload.text),
      recoveryCode: confirmed.body.recoveryCodes[1],
      newPassword: resetTo,
    });
    expect(reset.status).toBe(200);
    expect((await api("/api/v1/login", { email })).status).toBe(202);
    const thirdLogin = await fake.waitForDelivery(email, /Your Triplock login link/, { count: 3 });
    remember("third login link token", tokenIn(thirdLogin.payload.text));
    const signedIn = await api<{ accessToken: string }>("/api/v1/login/complete", {
      token: tokenIn(thirdLogin.payload.text),
      password: resetTo,
      recoveryCode: confirmed.body.recoveryCodes[2],
    });
    expect(signedIn.status).toBe(200);
    const session = bearer(signedIn.body.accessToken);
    remember("access token (after the reset)", signedIn.body.accessToken);
    const changedTo = `${password} changed`;
    remember("password after the change", changedTo);
    const change = { currentPassword: resetTo, newPassword: changedTo };
    expect(
      (
        await api(
          "/api/v1/me/password",
          { ...change, recoveryCode: confirmed.body.recoveryCodes[3] },
          session,
        )
      ).status,
    ).toBe(200);
    const replacement = await api<{ totp: { secret: string } }>(
      "/api/v1/me/authenticator",
      { password: changedTo, recoveryCode: confirmed.body.recoveryCodes[4] },
      session,
    );
    expect(replacement.status).toBe(200);
    remember("TOTP secret waiting for confirmation", replacement.body.totp.secret);
    remember("TOTP secret waiting (lower case)", replacement.body.totp.secret.toLowerCase());
    const regenerated = await api<{ recoveryCodes: string[] }>(
      "/api/v1/me/recovery-codes",
      // The step after the one the first login spent.
      { password: changedTo, totp: await generate({ secret, epoch: Date.now() / 1000 + 30 }) },
      session,
    );
    expect(regenerated.status).toBe(200);
    regenerated.body.recoveryCodes.forEach((code, i) => {
      remember(`regenerated recovery code ${i}`, code);
      remember(`regenerated recovery code ${i} without hyphen`, code.replace(/-/g, ""));
    });

    // 5. A second account, activated by code, asks for its deletion.
    const other = uniqueEmail("atrest-del");
    const otherPassword = `${password} two`;
    remember("second password", otherPassword);
    expect((await api("/api/v1/signup", { email: other, password: otherPassword })).status).toBe(
      202,
    );
    const otherMail = await fake.waitForDelivery(other, /Confirm your Triplock account/);
    remember("second sign-up link token", tokenIn(otherMail.payload.text));
    remember("second sign-up code", codeIn(otherMail.payload.text));
    const activated = await api<Activation>(
      "/api/v1/signup/activate",
      { code: codeIn(otherMail.payload.text) },
      { authorization: basic(other, otherPassword) },
    );
    expect(activated.status).toBe(200);
    remember("second TOTP secret", activated.body.totp.secret);
    remember("second TOTP secret (lower case)", activated.body.totp.secret.toLowerCase());
    activated.body.recoveryCodes.forEach((code, i) => {
      remember(`second recovery code ${i}`, code);
      remember(`second recovery code ${i} without hyphen`, code.replace(/-/g, ""));
    });

    // The deletion mail is held back by a failing provider, so its body sits in the queue
    // while the database is dumped.
    fake.failNext(2);
    expect(
      (await api("/api/v1/account/delete", { email: other, password: otherPassword })).status,
    ).toBe(202);
    await expect
      .poll(() => fake.attempts.some((a) => a.outcome === "failed"), { timeout: 10_000 })
      .toBe(true);
    const whileQueued = await withDatabase(database.url!, dumpAll);
    const queued = await withDatabase(
      database.url!,
      async (client) =>
        (
          await client.query(
            `SELECT body FROM "EmailMessage" WHERE "to" = $1 AND subject LIKE 'Confirm deleting%'`,
            [other],
          )
        ).rows,
    );
    expect(queued, "the deletion mail was still queued, with its body").toEqual([
      { body: expect.any(String) },
    ]);
    const deletionMail = await fake.waitForDelivery(other, /Confirm deleting/, {
      timeoutMs: 30_000,
    });
    remember("deletion link token", tokenIn(deletionMail.payload.text));

    // Everything sent: dump every table and look for each secret.
    await waitForOutboxDrained(database.url!, 30_000);
    const dump = await withDatabase(database.url!, dumpAll);

    expect(Object.keys(dump)).toEqual(
      expect.arrayContaining(["User", "OneTimeToken", "RecoveryCode", "Session", "EmailMessage"]),
    );
    expect(dump.User!.length).toBe(2);
    expect(secrets.wholeValues.size).toBe(5);
    expect(secrets.substrings.size).toBeGreaterThan(40);
    expect(findLeaks(dump, secrets)).toEqual([]);
    // Nor in the server's log (SPEC 3: nothing secret is stored or logged in clear).
    expect(findLeaks({ "server log": server.logs().split("\n") }, secrets)).toEqual([]);
    expect(findLeaks(whileQueued, secrets)).toEqual([]);

    // Sent mail keeps no body; mail went through Resend, so the dev mailbox stayed empty.
    const sent = await withDatabase(
      database.url!,
      async (client) => (await client.query(`SELECT status, body FROM "EmailMessage"`)).rows,
    );
    expect(sent.length).toBeGreaterThanOrEqual(7);
    expect(sent.filter((m) => m.status !== "SENT" || m.body !== null)).toEqual([]);
    expect(dump.DevMail ?? []).toEqual([]);
  }, 90_000);

  it("the leak detector finds what it looks for", () => {
    const dump = {
      T: [
        '{"a":"x-abcdefghij-y"}',
        '{"code":"123456"}',
        '{"n":123456}',
        '{"t":"2026-01-01T00:00:00.123456"}',
      ],
    };
    const secrets: Secrets = {
      substrings: new Map([["token", "abcdefghij"]]),
      wholeValues: new Map([
        ["code", "123456"],
        ["other", "654321"],
      ]),
    };
    expect(findLeaks(dump, secrets)).toHaveLength(3);
  });
});
