// Threat: a failing or hanging mail provider stalls or fails sign-ups, loses mail, or sends it twice.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { post, STRONG_PASSWORD, uniqueEmail } from "../support/api";
import { withDatabase } from "../support/database-inspect";
import { startFakeResend, type FakeResend } from "../support/fake-resend";
import {
  createDatabase,
  startServer,
  type Database,
  type TestServer,
} from "../support/test-server";

const SIGNUP_SUBJECT = /Confirm your Triplock account/;
const FROM = "Triplock Tests <tests@triplock.example>";

let fake: FakeResend;
let database: Database;
let server: TestServer;

beforeAll(async () => {
  fake = await startFakeResend("re_test_x");
  database = await createDatabase();
  server = await startServer(database, {
    env: {
      RESEND_API_KEY: fake.apiKey,
      RESEND_BASE_URL: fake.url,
      EMAIL_FROM: FROM,
      MAIL_PER_IP_PER_HOUR: "100000",
    },
  });
}, 120_000);

afterAll(async () => {
  await server?.stop();
  await fake?.close();
  await database?.drop();
});

async function timedSignup(email: string): Promise<number> {
  const started = Date.now();
  const response = await post(
    "/api/v1/signup",
    { email, password: STRONG_PASSWORD },
    {
      server: server.url,
    },
  );
  expect(response.status).toBe(202);
  return Date.now() - started;
}

async function messageRow(email: string) {
  return withDatabase(database.url!, async (client: pg.Client) => {
    const { rows } = await client.query<{
      id: string;
      status: string;
      attempts: number;
      body: string | null;
    }>(`SELECT id, status, attempts, body FROM "EmailMessage" WHERE "to" = $1`, [email]);
    return rows;
  });
}

/** Every request the fake saw for `email`, and the checks every delivery must pass. */
function expectOneDeliveryWithStableKey(email: string, expectedAttempts: number) {
  const attempts = fake.attempts.filter((a) => {
    const to = a.payload?.to;
    return (Array.isArray(to) ? to : [to]).includes(email);
  });
  expect(attempts.map((a) => a.outcome)).toHaveLength(expectedAttempts);
  const keys = new Set(attempts.map((a) => a.idempotencyKey));
  expect(keys.size, `idempotency keys across retries: ${[...keys].join(", ")}`).toBe(1);
  const [key] = [...keys];
  expect(key, "Idempotency-Key header").toMatch(/^\S{8,}$/);
  expect(attempts.every((a) => a.authorization === `Bearer ${fake.apiKey}`)).toBe(true);
  expect(fake.deliveriesTo(email)).toHaveLength(1);
  return { attempts, key: key! };
}

describe("mail through Resend (a local fake)", () => {
  it("sends from EMAIL_FROM with a text and an HTML part, and purges the queued body", async () => {
    const email = uniqueEmail("resend");
    expect(await timedSignup(email)).toBeLessThan(2_000);
    const delivery = await fake.waitForDelivery(email, SIGNUP_SUBJECT);
    expect(delivery.payload.from).toBe(FROM);
    expect(delivery.payload.text).toMatch(/\/signup\/confirm\?token=/);
    expect(delivery.payload.html).toMatch(/\/signup\/confirm\?token=/);
    expectOneDeliveryWithStableKey(email, 1);
    await expect
      .poll(() => messageRow(email), { timeout: 5_000 })
      .toMatchObject([{ status: "SENT", body: null }]);
  });

  it("answers at once while the provider fails, retries within seconds, and delivers once", async () => {
    const email = uniqueEmail("fails");
    fake.failNext(2);
    expect(await timedSignup(email)).toBeLessThan(2_000);

    const delivery = await fake.waitForDelivery(email, SIGNUP_SUBJECT, { timeoutMs: 40_000 });
    const { attempts } = expectOneDeliveryWithStableKey(email, 3);
    expect(attempts.map((a) => a.outcome)).toEqual(["failed", "failed", "accepted"]);
    // "first retry within seconds" (SPEC 6)
    expect(attempts[1]!.at - attempts[0]!.at).toBeLessThan(10_000);
    expect(delivery.payload.text).toMatch(/token=/);
    await expect
      .poll(() => messageRow(email), { timeout: 5_000 })
      .toMatchObject([{ status: "SENT", attempts: 3, body: null }]);

    // No late duplicate: another poll of the queue sends nothing more.
    await new Promise((r) => setTimeout(r, 6_000));
    expectOneDeliveryWithStableKey(email, 3);
  });

  it("answers at once while the provider hangs, and delivers after the send times out", async () => {
    const email = uniqueEmail("hangs");
    fake.hangNext(1);
    expect(await timedSignup(email)).toBeLessThan(2_000);
    // While the provider is still hanging, other requests stay fast too.
    await expect.poll(() => fake.attempts.some((a) => a.outcome === "hung")).toBe(true);
    expect(await timedSignup(uniqueEmail("meanwhile"))).toBeLessThan(2_000);

    await fake.waitForDelivery(email, SIGNUP_SUBJECT, { timeoutMs: 45_000 });
    const { attempts } = expectOneDeliveryWithStableKey(email, 2);
    expect(attempts.map((a) => a.outcome)).toEqual(["hung", "accepted"]);
    await expect
      .poll(() => messageRow(email), { timeout: 5_000 })
      .toMatchObject([{ status: "SENT", body: null }]);
  }, 60_000);

  it("does not send twice when the provider accepted but the answer was lost", async () => {
    const email = uniqueEmail("lost-answer");
    fake.acceptThenHangNext(1);
    expect(await timedSignup(email)).toBeLessThan(2_000);

    // The retry carries the same Idempotency-Key, so the provider sends the mail once.
    await expect
      .poll(() => messageRow(email), { timeout: 45_000, interval: 500 })
      .toMatchObject([{ status: "SENT", body: null }]);
    const { attempts } = expectOneDeliveryWithStableKey(email, 2);
    expect(attempts.map((a) => a.outcome)).toEqual(["accepted-then-hung", "duplicate"]);
  }, 60_000);
});

describe("a provider down for longer than a handful of retries", () => {
  // The mail's link and code live 30 s here (30 minutes by default): retries come faster as
  // their end nears, and stop once the mail could no longer be used.
  let slow: FakeResend;
  let slowDatabase: Database;
  let slowServer: TestServer;
  beforeAll(async () => {
    slow = await startFakeResend("re_test_down");
    slowDatabase = await createDatabase();
    slowServer = await startServer(slowDatabase, {
      env: {
        RESEND_API_KEY: slow.apiKey,
        RESEND_BASE_URL: slow.url,
        MAIL_PER_IP_PER_HOUR: "100000",
        LINK_TTL_SECONDS: "30",
        ACTIVATION_CODE_TTL_SECONDS: "30",
      },
    });
  }, 120_000);
  afterAll(async () => {
    await slowServer?.stop();
    await slow?.close();
    await slowDatabase?.drop();
  });

  const attemptsFor = (email: string) =>
    slow.attempts.filter((a) => {
      const to = a.payload?.to;
      return (Array.isArray(to) ? to : [to]).includes(email);
    });

  it("keeps retrying past 8 attempts, and delivers once it is back, while the link still works", async () => {
    const email = uniqueEmail("outage");
    slow.failNext(10);
    expect(
      (
        await post(
          "/api/v1/signup",
          { email, password: STRONG_PASSWORD },
          { server: slowServer.url },
        )
      ).status,
    ).toBe(202);
    const delivery = await slow.waitForDelivery(email, SIGNUP_SUBJECT, { timeoutMs: 40_000 });
    expect(attemptsFor(email).map((a) => a.outcome)).toEqual([
      ...Array<string>(10).fill("failed"),
      "accepted",
    ]);
    // The link delivered still works.
    const token = /token=([\w-]+)/.exec(delivery.payload.text ?? "")![1]!;
    const confirm = await post(
      "/api/v1/signup/confirm",
      { token, password: STRONG_PASSWORD },
      { server: slowServer.url },
    );
    expect(confirm.status).toBe(200);
  }, 60_000);

  it("gives up once what the mail carries has expired: no more attempts, body erased", async () => {
    const email = uniqueEmail("gone");
    slow.failNext(1_000);
    await post("/api/v1/signup", { email, password: STRONG_PASSWORD }, { server: slowServer.url });
    await new Promise((r) => setTimeout(r, 32_000));
    const rows = await withDatabase(slowDatabase.url, async (client: pg.Client) => {
      const { rows } = await client.query<{ status: string; body: string | null }>(
        `SELECT status, body FROM "EmailMessage" WHERE "to" = $1`,
        [email],
      );
      return rows;
    });
    expect(rows).toEqual([{ status: "FAILED", body: null }]);
    const tried = attemptsFor(email).length;
    expect(tried).toBeGreaterThan(8);
    await new Promise((r) => setTimeout(r, 3_000));
    expect(attemptsFor(email)).toHaveLength(tried);
    slow.failNext(0);
  }, 60_000);
});
