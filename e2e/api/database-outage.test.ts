// Threat: a database outage turns into 500s or hung requests, needs a restart, or leaves half-written sign-ups behind.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { basic, STRONG_PASSWORD, uniqueEmail } from "../support/api";
import { waitForOutboxDrained, withDatabase } from "../support/database-inspect";
import { launchChromium } from "../support/chromium";
import { rawRequest, type RawResponse } from "../support/raw-http";
import { startTcpProxy, type TcpProxy } from "../support/tcp-proxy";
import {
  createDatabase,
  startServer,
  type Database,
  type TestServer,
} from "../support/test-server";
import { describedFetch } from "../support/openapi";

let database: Database;
let proxy: TcpProxy;
let server: TestServer;

beforeAll(async () => {
  database = await createDatabase();
  const direct = new URL(database.url!);
  proxy = await startTcpProxy(direct.hostname, Number(direct.port || 5432));
  const proxied = new URL(database.url!);
  proxied.hostname = "127.0.0.1";
  proxied.port = String(proxy.port);
  server = await startServer(
    { url: proxied.toString(), drop: async () => {} },
    { env: { MAIL_PER_IP_PER_HOUR: "100000" } },
  );
}, 120_000);

afterAll(async () => {
  try {
    await server?.stop();
  } finally {
    await proxy?.close();
    await database?.drop();
  }
});

const LIMIT_MS = 10_000;
const json = (v: unknown) => JSON.stringify(v);
const JSON_HEADERS = { "content-type": "application/json" };

function request(
  path: string,
  body?: unknown,
  headers: Record<string, string> = JSON_HEADERS,
): Promise<RawResponse> {
  return rawRequest(`${server.url}${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers,
    body: body === undefined ? undefined : json(body),
    timeoutMs: LIMIT_MS + 2_000,
  });
}

/** Every database-backed operation, as a client would call it. */
function operations(): [string, () => Promise<RawResponse>][] {
  const token = "A".repeat(43);
  return [
    [
      "POST /api/v1/signup",
      () => request("/api/v1/signup", { email: uniqueEmail("down"), password: STRONG_PASSWORD }),
    ],
    [
      "POST /api/v1/signup/confirm",
      () => request("/api/v1/signup/confirm", { token, password: STRONG_PASSWORD }),
    ],
    [
      "POST /api/v1/signup/activate",
      () =>
        request(
          "/api/v1/signup/activate",
          { code: "123456" },
          {
            ...JSON_HEADERS,
            authorization: basic(uniqueEmail("down"), STRONG_PASSWORD),
          },
        ),
    ],
    [
      "POST /api/v1/signup/resend",
      () => request("/api/v1/signup/resend", { email: uniqueEmail("down") }),
    ],
    ["POST /api/v1/login", () => request("/api/v1/login", { email: uniqueEmail("down") })],
    [
      "POST /api/v1/login/complete",
      () => request("/api/v1/login/complete", { token, password: STRONG_PASSWORD, totp: "123456" }),
    ],
    [
      "POST /api/v1/account/delete",
      () =>
        request("/api/v1/account/delete", {
          email: uniqueEmail("down"),
          password: STRONG_PASSWORD,
        }),
    ],
    [
      "POST /api/v1/account/delete/confirm",
      () => request("/api/v1/account/delete/confirm", { token }),
    ],
    [
      "POST /api/v1/logout",
      () => request("/api/v1/logout", {}, { ...JSON_HEADERS, authorization: `Bearer ${token}` }),
    ],
    [
      "POST /api/v1/password/forgot",
      () => request("/api/v1/password/forgot", { email: uniqueEmail("down") }),
    ],
    [
      "POST /api/v1/password/reset",
      () =>
        request("/api/v1/password/reset", { token, totp: "123456", newPassword: STRONG_PASSWORD }),
    ],
    [
      "POST /api/v1/me/password",
      () =>
        signedIn("POST", "/api/v1/me/password", {
          currentPassword: STRONG_PASSWORD,
          totp: "123456",
          newPassword: STRONG_PASSWORD,
        }),
    ],
    [
      "POST /api/v1/me/authenticator",
      () =>
        signedIn("POST", "/api/v1/me/authenticator", { password: STRONG_PASSWORD, totp: "123456" }),
    ],
    [
      "POST /api/v1/me/authenticator/confirm",
      () => signedIn("POST", "/api/v1/me/authenticator/confirm", { totp: "123456" }),
    ],
    [
      "POST /api/v1/me/recovery-codes",
      () =>
        signedIn("POST", "/api/v1/me/recovery-codes", {
          password: STRONG_PASSWORD,
          totp: "123456",
        }),
    ],
    ["GET /api/v1/me", () => signedIn("GET", "/api/v1/me")],
    ["GET /api/v1/me/sessions", () => signedIn("GET", "/api/v1/me/sessions")],
    ["DELETE /api/v1/me/sessions", () => signedIn("DELETE", "/api/v1/me/sessions")],
    ["DELETE /api/v1/me/sessions/{id}", () => signedIn("DELETE", "/api/v1/me/sessions/some-id")],
  ];
}

/** A request with a bearer token, which the server must look up in the database. */
function signedIn(method: string, path: string, body?: unknown): Promise<RawResponse> {
  return rawRequest(`${server.url}${path}`, {
    method,
    headers: { ...JSON_HEADERS, authorization: `Bearer ${"A".repeat(43)}` },
    body: body === undefined ? undefined : json(body),
    timeoutMs: LIMIT_MS + 2_000,
  });
}

/** Runs every operation at once; returns what each one got, or why it got nothing. */
async function whileDown(): Promise<string[]> {
  const problems: string[] = [];
  const health = request("/api/health").then(
    (response) => {
      if (response.status !== 503 || (response.json as { database?: string })?.database !== "down")
        problems.push(`GET /api/health → ${response.status} ${response.text.slice(0, 200)}`);
      if (response.ms > LIMIT_MS) problems.push(`GET /api/health took ${response.ms} ms`);
    },
    (error: Error) => problems.push(`GET /api/health: ${error.message}`),
  );
  const calls = operations().map(([name, run]) =>
    run().then(
      (response) => {
        const problem = response.json as Record<string, unknown> | undefined;
        if (
          response.status !== 503 ||
          !/^application\/problem\+json/.test(response.headers["content-type"] ?? "") ||
          problem?.code !== "service_unavailable" ||
          problem?.status !== 503
        )
          problems.push(`${name} → ${response.status} ${response.text.slice(0, 200)}`);
        if (response.ms > LIMIT_MS) problems.push(`${name} took ${response.ms} ms`);
      },
      (error: Error) => problems.push(`${name}: ${error.message}`),
    ),
  );
  await Promise.all([health, ...calls]);
  return problems;
}

async function waitForHealthy(timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await request("/api/health").catch(() => undefined);
    if (response?.status === 200) return;
    if (Date.now() > deadline)
      throw new Error(`The app did not recover: ${response?.status} ${response?.text}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function signupWorks(): Promise<void> {
  const email = uniqueEmail("back");
  const response = await request("/api/v1/signup", { email, password: STRONG_PASSWORD });
  expect(response.status, response.text).toBe(202);
  await expect
    .poll(
      async () => {
        const mail = await describedFetch(
          `${server.url}/api/dev/mailbox?to=${encodeURIComponent(email)}`,
        );
        return ((await mail.json()) as unknown[]).length;
      },
      { timeout: 15_000 },
    )
    .toBe(1);
}

/** The server's own account of the failures, for the assertion message. */
function errorLog(): string {
  return server
    .logs()
    .split("\n")
    .filter((line) => /\[triplock\]|Error|Message:/.test(line) && !/email to /.test(line))
    .slice(-30)
    .join("\n");
}

describe("the database goes away", () => {
  it("while it is down: health says so, the API answers 503 problems at once; afterwards it recovers without a restart", async () => {
    await signupWorks();
    await proxy.cut();
    try {
      const problems = await whileDown();
      expect(problems, errorLog()).toEqual([]);
    } finally {
      await proxy.restore();
    }
    await waitForHealthy();
    await signupWorks();
  }, 60_000);

  it("a page that needs the database while it is down shows the site's own error page", async () => {
    await waitForHealthy();
    await proxy.cut();
    const browser = await launchChromium();
    try {
      // The development mailbox reads the database on every view.
      const page = await browser.newPage();
      const response = await page.goto(`${server.url}/dev/mailbox`);
      expect(response?.status()).toBe(500);
      await expect
        .poll(() => page.getByRole("heading", { name: "We could not finish that" }).count())
        .toBe(1);
      await expect.poll(() => page.getByRole("button", { name: "Try again" }).count()).toBe(1);
    } finally {
      await browser.close();
      await proxy.restore();
    }
    await waitForHealthy();
  }, 60_000);

  it("cut in the middle of a burst of sign-ups: each one is wholly written or not at all", async () => {
    await waitForHealthy();
    const emails = Array.from({ length: 30 }, () => uniqueEmail("burst"));
    let cut: Promise<void> | undefined;
    const results = await Promise.all(
      emails.map((email) =>
        request("/api/v1/signup", { email, password: STRONG_PASSWORD }).then(
          (response) => {
            cut ??= proxy.cut();
            return { email, status: response.status, ms: response.ms, text: response.text };
          },
          (error: Error) => ({ email, status: 0, ms: -1, text: error.message }),
        ),
      ),
    );
    await cut;
    await proxy.restore();
    await waitForHealthy();

    const odd = results.filter((r) => ![202, 503].includes(r.status) || r.ms > LIMIT_MS);
    expect(odd, errorLog()).toEqual([]);
    // The cut really fell inside the burst: some sign-ups got through before it, and some
    // were interrupted by it (else this test would check nothing about an outage).
    const accepted = results.filter((r) => r.status === 202).map((r) => r.email);
    const interrupted = results.filter((r) => r.status === 503).length;
    const counts = `${accepted.length} × 202, ${interrupted} × 503`;
    expect(accepted.length, counts).toBeGreaterThan(0);
    expect(interrupted, counts).toBeGreaterThan(0);

    const rows = await withDatabase(database.url!, async (client) => {
      const { rows } = await client.query<{
        email: string;
        users: number;
        tokens: number;
        mails: number;
      }>(
        `SELECT e.email,
                (SELECT count(*)::int FROM "User" u WHERE u.email = e.email) AS users,
                (SELECT count(*)::int FROM "OneTimeToken" t JOIN "User" u ON u.id = t."userId"
                   WHERE u.email = e.email AND t.purpose = 'SIGNUP') AS tokens,
                (SELECT count(*)::int FROM "EmailMessage" m
                   WHERE m."to" = e.email AND m.subject LIKE 'Confirm your Triplock account%') AS mails
         FROM unnest($1::text[]) AS e(email)`,
        [emails],
      );
      return rows;
    });
    const byEmail = new Map(rows.map((r) => [r.email, r]));
    const halfWritten: string[] = [];
    for (const r of results) {
      const row = byEmail.get(r.email)!;
      const counts = `${row.users} user, ${row.tokens} token, ${row.mails} mail`;
      const whole = row.users === 1 && row.tokens === 1 && row.mails === 1;
      const none = row.users === 0 && row.tokens === 0 && row.mails === 0;
      if (r.status === 202 && !whole) halfWritten.push(`${r.email} answered 202 but has ${counts}`);
      if (r.status !== 202 && !whole && !none)
        halfWritten.push(`${r.email} answered ${r.status} and has ${counts}`);
    }
    expect(halfWritten).toEqual([]);

    // Across the whole database too: no account without its link, no link without its mail.
    const orphans = await withDatabase(database.url!, async (client) => {
      const users = await client.query(
        `SELECT u.email FROM "User" u WHERE u.status = 'PENDING'
           AND NOT EXISTS (SELECT 1 FROM "OneTimeToken" t WHERE t."userId" = u.id)`,
      );
      const tokens = await client.query(
        `SELECT u.email FROM "OneTimeToken" t JOIN "User" u ON u.id = t."userId"
           WHERE NOT EXISTS (SELECT 1 FROM "EmailMessage" m WHERE m."to" = u.email)`,
      );
      return { users: users.rows, tokens: tokens.rows };
    });
    expect(orphans).toEqual({ users: [], tokens: [] });

    // And every accepted sign-up's mail goes out once the database is back.
    await waitForOutboxDrained(database.url!, 30_000);
    const delivered = await withDatabase(database.url!, async (client) =>
      (
        await client.query<{ to: string }>(`SELECT "to" FROM "DevMail" WHERE "to" = ANY($1)`, [
          accepted,
        ])
      ).rows.map((r) => r.to),
    );
    expect(delivered.sort()).toEqual([...accepted].sort());
  }, 90_000);

  it("a network partition (packets vanish, nothing is refused): still 503 within seconds, never a hang", async () => {
    await waitForHealthy();
    proxy.blackhole();
    let problems: string[];
    try {
      problems = await whileDown();
    } finally {
      await proxy.restore();
    }
    const recovered = await waitForHealthy(30_000).then(
      () => "recovered",
      (error: Error) => error.message,
    );
    expect({ problems, recovered }, errorLog()).toEqual({ problems: [], recovered: "recovered" });
    await signupWorks();
  }, 90_000);
});
