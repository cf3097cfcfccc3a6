// Threat: state kept per instance (links, TOTP replay guards, sessions, queued mail) letting a second instance accept what the first has spent, revoked or lost.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, post, STRONG_PASSWORD, uniqueEmail } from "../support/api";
import {
  activeAccount,
  bearer,
  countOf,
  logIn,
  loginLinkToken,
  mailsTo,
  nextTotp,
  postForMail,
  sleep,
  startCluster,
  statusesOf,
  SUBJECT,
  type Activation,
  type Cluster,
  type LoginAnswer,
} from "../support/adversary";
import { linkToken, waitForMail } from "../support/mailbox";
import { startServer, type TestServer } from "../support/test-server";

const ENV = { MAIL_PER_ADDRESS_PER_HOUR: "100", MAIL_PER_IP_PER_HOUR: "100000" };

let cluster: Cluster;
let a: string;
let b: string;
const extra: TestServer[] = [];

beforeAll(async () => {
  cluster = await startCluster(2, ENV);
  [a, b] = cluster.servers.map((s) => s.url) as [string, string];
});

afterAll(async () => {
  await Promise.all(extra.map((s) => s.stop()));
  await cluster?.close();
});

const me = (server: string, token: string) =>
  call("GET", "/api/v1/me", { server, headers: bearer(token) });

describe("two instances on one database behave as one", () => {
  it("a sign-up link requested on A is confirmed on B", async () => {
    const email = uniqueEmail("multi-signup");
    const mail = await postForMail(
      a,
      "/api/v1/signup",
      { email, password: STRONG_PASSWORD },
      email,
      SUBJECT.signup,
      { mailbox: b },
    );
    const confirmed = await post<Activation>(
      "/api/v1/signup/confirm",
      { token: linkToken(mail), password: STRONG_PASSWORD },
      { server: b },
    );
    expect(confirmed.status).toBe(200);
    // …and is spent on A as well.
    const again = await post(
      "/api/v1/signup/confirm",
      { token: linkToken(mail), password: STRONG_PASSWORD },
      { server: a },
    );
    expect(again.status).toBe(410);
    expect(again.body.code).toBe("token_used");
  });

  it("a login link requested on A completes on B; its token works on A; logout on B ends it on A", async () => {
    const account = await activeAccount(a, uniqueEmail("multi-login"));
    const token = await logIn(account, a, b);
    const who = await me(a, token);
    expect(who.status).toBe(200);
    expect(who.body.email).toBe(account.email);
    expect((await me(b, token)).status).toBe(200);

    expect(
      (await call("POST", "/api/v1/logout", { server: b, headers: bearer(token) })).status,
    ).toBe(204);
    // At once, with no waiting: there is no per-instance session cache.
    expect((await me(a, token)).status).toBe(401);
    expect((await me(b, token)).status).toBe(401);
  });

  it("a newer login link requested on B kills the one requested on A", async () => {
    const account = await activeAccount(a, uniqueEmail("multi-newer"));
    const older = await loginLinkToken(a, account.email);
    const newer = await loginLinkToken(b, account.email, { mailbox: a });
    const totp = await nextTotp(account.secret);
    const dead = await post(
      "/api/v1/login/complete",
      { token: older, password: account.password, totp },
      { server: a },
    );
    expect(dead.status).toBe(410);
    const live = await post(
      "/api/v1/login/complete",
      { token: newer, password: account.password, totp },
      { server: a },
    );
    expect(live.status).toBe(200);
  });

  it("a TOTP code used on A is refused on B", async () => {
    const account = await activeAccount(a, uniqueEmail("multi-totp"));
    const totp = await nextTotp(account.secret);
    const first = await post<LoginAnswer>(
      "/api/v1/login/complete",
      { token: await loginLinkToken(a, account.email), password: account.password, totp },
      { server: a },
    );
    expect(first.status).toBe(200);
    const replay = await post(
      "/api/v1/login/complete",
      { token: await loginLinkToken(b, account.email), password: account.password, totp },
      { server: b },
    );
    expect(replay.status).toBe(401);
  });

  it("20 concurrent completions of one login link, split over both instances, give one session", async () => {
    const account = await activeAccount(a, uniqueEmail("multi-race"));
    const token = await loginLinkToken(a, account.email);
    const body = { token, password: account.password, totp: await nextTotp(account.secret) };
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        post("/api/v1/login/complete", body, { server: i % 2 ? b : a }),
      ),
    );
    const statuses = statusesOf(responses);
    expect(
      statuses.filter((s) => s >= 500),
      `statuses ${statuses}`,
    ).toEqual([]);
    expect(countOf(statuses, 200), `statuses ${statuses}`).toBe(1);
  });

  it("a deletion requested on A and confirmed on B ends the sessions used on A", async () => {
    const account = await activeAccount(b, uniqueEmail("multi-delete"));
    const session = await logIn(account, a);
    const mail = await postForMail(
      a,
      "/api/v1/account/delete",
      { email: account.email, password: account.password },
      account.email,
      SUBJECT.deletion,
    );
    expect(
      (await post("/api/v1/account/delete/confirm", { token: linkToken(mail) }, { server: b }))
        .status,
    ).toBe(200);
    expect((await me(a, session)).status).toBe(401);
  });
});

describe("mail queued by an instance that stops is still delivered", () => {
  it("by another instance, when the first is stopped right after answering", async () => {
    const c = await startServer(cluster.database, { env: ENV });
    extra.push(c);
    const email = uniqueEmail("multi-stop");
    const response = await post(
      "/api/v1/signup",
      { email, password: STRONG_PASSWORD },
      { server: c.url },
    );
    expect(response.status).toBe(202);
    const stoppedAt = Date.now();
    await c.stop();
    // Usually C sent it before stopping. If C died mid-send, its 60 s lease on the message
    // must run out before another instance takes it over: the mail is late, never lost.
    const mail = await waitForMail(b, email, SUBJECT.signup, { timeoutMs: 80_000 });
    console.log(
      `[multi-instance] mail visible through B ${Date.now() - stoppedAt} ms after C stopped`,
    );
    expect(linkToken(mail)).toBeTruthy();
  }, 120_000);

  it("by another instance within seconds, when the first could not send it at all", async () => {
    // D sends through a mail provider that is down; D is stopped after its first failed
    // attempt; B (which logs mail to the dev mailbox) must pick the message up on retry.
    let providerCalls = 0;
    const provider = http.createServer((request, response) => {
      providerCalls += 1;
      request.resume();
      response.writeHead(503, { "content-type": "application/json" });
      response.end(
        JSON.stringify({ name: "service_unavailable", message: "down", statusCode: 503 }),
      );
    });
    await new Promise<void>((resolve) => provider.listen(0, "127.0.0.1", resolve));
    try {
      const port = (provider.address() as AddressInfo).port;
      const d = await startServer(cluster.database, {
        env: {
          ...ENV,
          RESEND_API_KEY: "re_test_down",
          RESEND_BASE_URL: `http://127.0.0.1:${port}`,
        },
      });
      extra.push(d);
      const email = uniqueEmail("multi-down");
      const response = await post(
        "/api/v1/signup",
        { email, password: STRONG_PASSWORD },
        { server: d.url },
      );
      expect(response.status).toBe(202);
      const deadline = Date.now() + 15_000;
      // The log's line for the first failed attempt to send (lib/email/outbox.ts).
      while (!/"attempt":1,"err"/.test(d.logs()) && Date.now() < deadline) await sleep(50);
      expect(providerCalls, "D tried the provider").toBeGreaterThanOrEqual(1);
      expect(d.logs()).toMatch(/"attempt":1,"err"/);
      await d.stop();
      const stoppedAt = Date.now();
      const mail = await waitForMail(b, email, SUBJECT.signup, { timeoutMs: 12_000 });
      console.log(
        `[multi-instance] undelivered mail sent by B ${Date.now() - stoppedAt} ms after D stopped`,
      );
      expect(linkToken(mail)).toBeTruthy();
      expect(await mailsTo(b, email, SUBJECT.signup)).toHaveLength(1);
    } finally {
      await new Promise((resolve) => provider.close(resolve));
    }
  }, 60_000);
});
