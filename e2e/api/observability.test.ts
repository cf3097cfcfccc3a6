// Threat: an operator blind to an attack (no metrics that move, no log line tied to the
// request), metrics open to anyone, or a log that keeps what it must not. One server with
// METRICS_TOKEN and METRICS_PORT set; the run's shared server answers the rest.
import { describe, expect, it } from "vitest";
import { activeAccount, bearer, loginLinkToken, nextTotp } from "../support/adversary";
import { baseUrl, call, post, uniqueEmail } from "../support/api";
import { dedicatedServers } from "../support/dedicated-server";
import { apiSession } from "../support/login";
import { activatedAccount } from "../support/signup";
import { freePort, type TestServer } from "../support/test-server";
import { failOnSecretsInLog, readSeen, SECRETS_FILE_ENV } from "../support/secrets-seen";

const METRICS_TOKEN = "metrics-token-0123456789abcdef";
const servers = dedicatedServers();

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Parses the Prometheus text exposition format (0.0.4), failing on any line it is not. */
function parseExposition(text: string): Sample[] {
  const samples: Sample[] = [];
  const typed = new Set<string>();
  for (const line of text.split("\n")) {
    if (line === "") continue;
    const meta = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)$/.exec(line);
    if (meta) {
      if (meta[1] === "TYPE") {
        expect(meta[3]).toMatch(/^(counter|gauge|histogram|summary|untyped)$/);
        typed.add(meta[2]!);
      }
      continue;
    }
    const sample =
      /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{((?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*",?)*)\})? (-?(?:\d+(?:\.\d+)?(?:e[+-]?\d+)?|\+Inf|-Inf|NaN))$/.exec(
        line,
      );
    expect(sample, `not Prometheus text: ${line}`).not.toBeNull();
    const labels = Object.fromEntries(
      [...(sample![2] ?? "").matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)].map((m) => [
        m[1]!,
        m[2]!,
      ]),
    );
    samples.push({ name: sample![1]!, labels, value: Number(sample![3]) });
  }
  for (const { name } of samples)
    expect(
      [...typed].some((t) => name === t || name.startsWith(`${t}_`)),
      `${name} has no TYPE`,
    ).toBe(true);
  return samples;
}

async function scrape(server: TestServer): Promise<Sample[]> {
  const response = await fetch(`${server.url}/metrics`, {
    headers: { authorization: `Bearer ${METRICS_TOKEN}` },
  });
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
  return parseExposition(await response.text());
}

/** The sum of a metric's samples whose labels include `labels`. */
function total(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  return samples
    .filter((s) => s.name === name)
    .filter((s) => Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((sum, s) => sum + s.value, 0);
}

describe("metrics, the log and readiness of one server", () => {
  let server: TestServer;
  let metricsPort: number;

  it("starts with metrics behind a token and on an internal port", async () => {
    metricsPort = await freePort();
    server = await servers({ METRICS_TOKEN, METRICS_PORT: String(metricsPort) });
  });

  it("refuses /metrics without the token (401) or with another one", async () => {
    expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
    const wrong = await fetch(`${server.url}/metrics`, {
      headers: { authorization: `Bearer ${METRICS_TOKEN.replace(/0/g, "1")}` },
    });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get("www-authenticate")).toMatch(/^Bearer/);
  });

  it("parses as Prometheus text, and its counters move as a login happens", async () => {
    const account = await activeAccount(server.url, uniqueEmail("metrics"));
    const before = await scrape(server);

    const token = await loginLinkToken(server.url, account.email);
    const wrong = await post(
      "/api/v1/login/complete",
      { token, password: "not the password at all", totp: await nextTotp(account.secret) },
      { server: server.url },
    );
    expect(wrong.status).toBe(401);
    const ok = await post(
      "/api/v1/login/complete",
      { token, password: account.password, totp: await nextTotp(account.secret) },
      { server: server.url },
    );
    expect(ok.status).toBe(200);
    const after = await scrape(server);

    const moved = (name: string, labels: Record<string, string> = {}) =>
      total(after, name, labels) - total(before, name, labels);
    expect(moved("triplock_logins_total", { outcome: "success" })).toBe(1);
    expect(moved("triplock_logins_total", { outcome: "failure" })).toBe(1);
    const route = { route: "/api/v1/login/complete", method: "POST" };
    expect(moved("triplock_http_requests_total", { ...route, status: "200" })).toBe(1);
    expect(moved("triplock_http_requests_total", { ...route, status: "401" })).toBe(1);
    expect(moved("triplock_http_request_duration_seconds_count", route)).toBe(2);
    // Two checks of the password (the wrong one and the right one), in the hashing pool.
    expect(moved("triplock_password_hash_duration_seconds_count", { operation: "verify" })).toBe(2);
    expect(moved("triplock_security_events_total", { type: "LOGIN_LINK_REQUESTED" })).toBe(1);

    for (const gauge of [
      "triplock_hash_queue_depth",
      "triplock_outbox_queued",
      "triplock_outbox_oldest_age_seconds",
      "nodejs_eventloop_lag_seconds",
    ])
      expect(
        after.some((s) => s.name === gauge),
        gauge,
      ).toBe(true);
    expect(total(after, "triplock_db_pool_connections", { state: "total" })).toBeGreaterThan(0);
    expect(total(after, "triplock_hash_pool_threads")).toBeGreaterThan(0);
  });

  it("serves the same metrics on METRICS_PORT without a token", async () => {
    const response = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
    expect(response.status).toBe(200);
    const samples = parseExposition(await response.text());
    expect(total(samples, "triplock_logins_total", { outcome: "success" })).toBe(1);
  });

  it("logs one JSON line per request with its id, route, status and outcome", async () => {
    const response = await post(
      "/api/v1/login/complete",
      { token: "x".repeat(43) },
      {
        server: server.url,
      },
    );
    const id = response.headers.get("x-request-id");
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    // The line is written as the response ends; it may reach this process a moment later.
    const parsed = () =>
      server
        .logs()
        .split("\n")
        .filter((l) => l.startsWith("{"))
        .map((l) => JSON.parse(l) as Record<string, unknown>);
    await expect
      .poll(() => parsed().find((l) => l.reqId === id && l.msg === "request"), { timeout: 5_000 })
      .toMatchObject({
        level: 30,
        method: "POST",
        route: "/api/v1/login/complete",
        status: 400,
        outcome: "validation_failed",
        time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      });
    const lines = parsed();
    // Security events carry the request's id too, and the address only as an HMAC.
    const event = lines.find((l) => l.event === "LOGIN_FAILED");
    expect(event).toMatchObject({ reqId: expect.any(String), outcome: "failure" });
  });

  it("keeps no secret it saw in its log, and the search would find one if it did", async () => {
    const file = process.env[SECRETS_FILE_ENV]!;
    const { secrets, emails } = readSeen(file);
    expect(secrets.length).toBeGreaterThan(5);
    expect(emails.length).toBeGreaterThan(0);
    const log = server.logs();
    expect(() => failOnSecretsInLog(log, "this server")).not.toThrow();
    // Not vacuous: the same log with one line that leaks a password of this run fails.
    const leak = `{"level":30,"msg":"oops","note":"${secrets.find((s) => s.includes(" "))}"}`;
    expect(() => failOnSecretsInLog(`${log}\n${leak}`, "this server")).toThrow(/a secret/);
    const address = `{"level":30,"msg":"oops","to":"${emails[0]}"}`;
    expect(() => failOnSecretsInLog(`${log}\n${address}`, "this server")).toThrow(/an address/);
  });

  it("is ready: database up, every migration applied, the outbox reported", async () => {
    const response = await call<Record<string, unknown>>("GET", "/api/ready", {
      server: server.url,
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      status: "ready",
      database: "up",
      migrations: { status: "applied", pending: [] },
      outbox: { status: "ok", queued: expect.any(Number), oldestSeconds: expect.any(Number) },
    });
  });
});

describe("on the run's server", () => {
  it("answers every request with its own X-Request-Id, whatever the client sent", async () => {
    const first = await call("GET", "/api/health", { headers: { "x-request-id": "chosen" } });
    const second = await call("GET", "/api/v1/nowhere");
    const ids = [first, second].map((r) => r.headers.get("x-request-id"));
    expect(ids[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(ids[1]).toMatch(/^[0-9a-f-]{36}$/);
    expect(ids[0]).not.toBe(ids[1]);
  });

  it("answers 404 at /metrics without METRICS_TOKEN: nothing is exposed by default", async () => {
    expect((await fetch(`${baseUrl()}/metrics`)).status).toBe(404);
  });

  it("lists the account's security events, newest first, to its owner only", async () => {
    const account = await activatedAccount(uniqueEmail("events"));
    const token = await apiSession(account, 0);
    type Event = { type: string; ip: string; device: string; createdAt: string };
    const response = await call<{ events: Event[] }>("GET", "/api/v1/me/events", {
      headers: bearer(token),
    });
    expect(response.status).toBe(200);
    const { events } = response.body;
    expect(events.map((e) => e.type).sort()).toEqual([
      "LOGIN_LINK_REQUESTED",
      "LOGIN_SUCCEEDED",
      "RECOVERY_CODE_USED",
      "SIGNUP_ACTIVATED",
      "SIGNUP_REQUESTED",
    ]);
    const times = events.map((e) => Date.parse(e.createdAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(events[0]).toMatchObject({ ip: "127.0.0.1", device: expect.any(String) });
    expect((await call("GET", "/api/v1/me/events")).status).toBe(401);
  });
});
