// Threat: making the server hash without limit (a flood of activations for made-up
// addresses) until real logins stall, or dodging the per-client limits by rotating IPv6
// addresses, forging X-Forwarded-For behind proxies, or arriving while the app boots.
import { describe, expect, it } from "vitest";
import { basic, post, STRONG_PASSWORD, uniqueEmail } from "../support/api";
import { statusesOf } from "../support/adversary";
import { dedicatedServers } from "../support/dedicated-server";
import { rawRequest } from "../support/raw-http";
import { createDatabase, freePort, startServer } from "../support/test-server";

const server = dedicatedServers({ MAIL_PER_IP_PER_HOUR: "100000" });

const activate = (url: string, email: string, headers: Record<string, string> = {}) =>
  post(
    "/api/v1/signup/activate",
    { code: "123456" },
    {
      server: url,
      headers: { authorization: basic(email, STRONG_PASSWORD), ...headers },
    },
  );

describe("activation by code checks a cheap limit before it hashes", () => {
  it("per address: the 11th guess for one address is refused, 429 with Retry-After", async () => {
    const s = await server({ LOGIN_FAILURES_PER_IP: "100000" });
    const email = uniqueEmail("flood");
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await activate(s.url, email)).status);
    expect(statuses).toEqual([...Array<number>(10).fill(401), 429]);
    const refused = await activate(s.url, email);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("per client: made-up addresses from one client are refused once its budget is spent", async () => {
    const s = await server({ LOGIN_FAILURES_PER_IP: "5" });
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await activate(s.url, uniqueEmail("any"))).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
  });
});

describe("the hash backlog is bounded", () => {
  // One thread and half a second of backlog: a burst fills it at once.
  const oneHashingThread = (cost: string) =>
    server({
      BCRYPT_COST: cost,
      HASH_POOL_THREADS: "1",
      HASH_MAX_WAIT_SECONDS: "0.5",
      LOGIN_FAILURES_PER_IP: "100000",
    });

  it("a burst beyond it is refused at once with 503 and Retry-After, and the server stays responsive", async () => {
    const s = await oneHashingThread("10");
    const burst = await Promise.all(
      Array.from({ length: 60 }, () => activate(s.url, uniqueEmail("burst"))),
    );
    const statuses = statusesOf(burst);
    const refused = burst.filter((r) => r.status === 503);
    expect(refused.length, `statuses ${statuses}`).toBeGreaterThanOrEqual(20);
    expect(statuses.filter((st) => st === 401).length, `statuses ${statuses}`).toBeGreaterThan(0);
    expect(
      statuses.every((st) => st === 401 || st === 503),
      `statuses ${statuses}`,
    ).toBe(true);
    for (const r of refused) {
      expect(r.body.code).toBe("service_unavailable");
      expect(Number(r.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    }
    // Once the backlog has drained, checks are accepted again.
    expect((await activate(s.url, uniqueEmail("after"))).status).toBe(401);
  });

  it("refuses a check before doing any work for it: even one whose body never arrives", async () => {
    const s = await oneHashingThread("12");
    const burst = Array.from({ length: 20 }, () => activate(s.url, uniqueEmail("hold")));
    // The backlog is full once one of the burst has been refused.
    await new Promise<void>((resolve) => {
      for (const answer of burst) void answer.then((r) => r.status === 503 && resolve());
    });
    // A route handler would wait for the 100 bytes announced; the refusal does not.
    const refused = await rawRequest(`${s.url}/api/v1/signup/activate`, {
      headers: {
        authorization: basic(uniqueEmail("no-body"), STRONG_PASSWORD),
        "content-type": "application/json",
        "content-length": "100",
      },
      timeoutMs: 5_000,
    });
    expect(refused.status).toBe(503);
    expect(refused.json).toMatchObject({ code: "service_unavailable", status: 503 });
    expect(Number(refused.headers["retry-after"])).toBeGreaterThanOrEqual(1);
    // Answered like every other API answer: never cached, never sniffed, with its request id,
    // and logged as refused.
    expect(refused.headers["cache-control"]).toMatch(/no-store/);
    expect(refused.headers["x-content-type-options"]).toBe("nosniff");
    const id = refused.headers["x-request-id"];
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    await Promise.all(burst);
    await expect
      .poll(
        () =>
          s
            .logs()
            .split("\n")
            .find((line) => line.includes(id!)) ?? "",
      )
      .toMatch(/"status":503.*"outcome":"service_unavailable"/);
  });
});

describe("client addresses behind proxies", () => {
  it("TRUST_PROXY=2 counts the client the outer proxy saw, and an IPv6 client by its /64", async () => {
    const s = await server({ TRUST_PROXY: "2", MAIL_PER_IP_PER_HOUR: "3" });
    // [what the client claims], the client as the CDN saw it, the CDN as the balancer saw it
    const via = (client: string, forged = "203.0.113.66") => ({
      "x-forwarded-for": `${forged}, ${client}, 198.51.100.9`,
    });
    const signup = (headers: Record<string, string>) =>
      post(
        "/api/v1/signup",
        { email: uniqueEmail("v6"), password: STRONG_PASSWORD },
        { server: s.url, headers },
      );
    const statuses: number[] = [];
    // Four addresses of one /64, each claiming to be someone else: one client.
    for (let host = 1; host <= 4; host++)
      statuses.push((await signup(via(`2001:db8:7:1::${host}`, `203.0.113.${host}`))).status);
    expect(statuses).toEqual([202, 202, 202, 429]);
    // The next /64 is another client.
    expect((await signup(via("2001:db8:7:2::1"))).status).toBe(202);
  });

  it("a request that arrives while the app is still starting is guarded too", async () => {
    // Without TRUST_PROXY every request counts under its socket address (127.0.0.1 here),
    // whatever X-Forwarded-For says, from the very first one.
    const database = await createDatabase();
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    let starting = true;
    const early: Promise<number>[] = [];
    const starts = startServer(database, { port, env: { MAIL_PER_IP_PER_HOUR: "1" } });
    void starts.finally(() => (starting = false));
    let n = 0;
    while (starting) {
      n += 1;
      early.push(
        post(
          "/api/v1/signup",
          { email: uniqueEmail("boot"), password: STRONG_PASSWORD },
          { server: url, headers: { "x-forwarded-for": `203.0.113.${n % 250}` } },
        ).then(
          (r) => r.status,
          () => 0, // not listening yet
        ),
      );
      await new Promise((r) => setTimeout(r, 10));
    }
    const started = await starts;
    try {
      const answered = (await Promise.all(early)).filter((status) => status !== 0);
      // Requests did arrive before the app was ready (else this proves nothing)…
      expect(answered.length).toBeGreaterThan(1);
      // …and all of them were counted as one client: one mail, the rest refused.
      expect(answered.filter((status) => status === 202)).toHaveLength(1);
      expect(answered.filter((status) => status === 429)).toHaveLength(answered.length - 1);
    } finally {
      await started.stop();
      await database.drop();
    }
  });
});
