// Threat: spreading a mail flood or a password brute force over several app instances so that no instance sees enough of it to apply the limits.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { post, STRONG_PASSWORD, uniqueEmail } from "../support/api";
import { expectLimited } from "../support/limits";
import {
  activeAccount,
  countOf,
  fromIp,
  loginLinkToken,
  logIn,
  mailsTo,
  nextTotp,
  sleep,
  startCluster,
  statusesOf,
  SUBJECT,
  uniqueIp,
  wrongTotp,
  type Cluster,
} from "../support/adversary";

// Two instances of the app on one database, behind a (pretend) reverse proxy: TRUST_PROXY=1
// lets each request say which client it comes from, so the per-address, per-IP and
// per-account limits can each be exercised alone.
const MAIL_PER_ADDRESS = 4;
const MAIL_PER_IP = 6;
const FAILURES_PER_ACCOUNT = 4;
const LOCK_SECONDS = 900;

let cluster: Cluster;
let a: string;
let b: string;

beforeAll(async () => {
  cluster = await startCluster(2, {
    TRUST_PROXY: "1",
    MAIL_PER_ADDRESS_PER_HOUR: String(MAIL_PER_ADDRESS),
    MAIL_PER_IP_PER_HOUR: String(MAIL_PER_IP),
    LOGIN_FAILURES_PER_ACCOUNT: String(FAILURES_PER_ACCOUNT),
    LOGIN_FAILURES_PER_IP: "100000",
    LOGIN_LOCK_SECONDS: String(LOCK_SECONDS),
  });
  [a, b] = cluster.servers.map((s) => s.url) as [string, string];
});

afterAll(async () => {
  await cluster?.close();
});

/** Alternates between the two instances: A, B, A, B, … */
const instance = (i: number) => (i % 2 === 0 ? a : b);

/** A request from a client address of its own, so only the limit under test can apply. */
const send = (server: string, path: string, body: unknown, ip = uniqueIp()) =>
  post(path, body, { server, headers: fromIp(ip) });

/** Waits for the mail that was accepted to arrive, then checks nothing more did. */
async function expectMailCount(to: string, subject: RegExp, count: number) {
  const deadline = Date.now() + 15_000;
  while ((await mailsTo(a, to, subject)).length < count && Date.now() < deadline) await sleep(100);
  await sleep(1_000);
  expect((await mailsTo(b, to, subject)).length, `mails "${subject}" to ${to}`).toBe(count);
}

describe("mails per address, across two instances", () => {
  it(`refuse the ${MAIL_PER_ADDRESS + 1}th mail for one address whichever instance gets it`, async () => {
    const email = uniqueEmail("flood-addr");
    const signup = { email, password: STRONG_PASSWORD };
    for (let i = 0; i < MAIL_PER_ADDRESS; i++)
      expect((await send(instance(i), "/api/v1/signup", signup)).status, `request ${i + 1}`).toBe(
        202,
      );
    expectLimited(await send(a, "/api/v1/signup", signup), 3600, "next sign-up on A");
    expectLimited(await send(b, "/api/v1/signup", signup), 3600, "next sign-up on B");
    expectLimited(await send(b, "/api/v1/signup/resend", { email }), 3600, "resend on B");
    expectLimited(await send(a, "/api/v1/login", { email }), 3600, "login request on A");
    await expectMailCount(email, SUBJECT.signup, MAIL_PER_ADDRESS);
    // The cap is per address: another address is served at once.
    const other = uniqueEmail("flood-addr");
    expect(
      (await send(b, "/api/v1/signup", { email: other, password: STRONG_PASSWORD })).status,
    ).toBe(202);
  });

  it("hold under a concurrent burst split over both instances", async () => {
    const email = uniqueEmail("flood-burst");
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        send(instance(i), "/api/v1/signup", { email, password: STRONG_PASSWORD }),
      ),
    );
    const statuses = statusesOf(responses);
    expect(countOf(statuses, 202), `statuses ${statuses}`).toBe(MAIL_PER_ADDRESS);
    expect(countOf(statuses, 429), `statuses ${statuses}`).toBe(10 - MAIL_PER_ADDRESS);
    await expectMailCount(email, SUBJECT.signup, MAIL_PER_ADDRESS);
  });

  it("count login-request and deletion-request mails too", async () => {
    const account = await activeAccount(a, uniqueEmail("flood-kinds"), {
      headers: fromIp(uniqueIp()),
    }); // mail 1: the sign-up link
    const { email, password } = account;
    expect((await send(b, "/api/v1/login", { email })).status).toBe(202); // 2
    expect((await send(a, "/api/v1/account/delete", { email, password })).status).toBe(202); // 3
    expect((await send(b, "/api/v1/login", { email })).status).toBe(202); // 4
    expectLimited(
      await send(a, "/api/v1/account/delete", { email, password }),
      3600,
      "deletion request on A",
    );
    expectLimited(await send(b, "/api/v1/login", { email }), 3600, "login request on B");
    expectLimited(
      await send(a, "/api/v1/signup", { email, password: STRONG_PASSWORD }),
      3600,
      "sign-up (owner notice) on A",
    );
    await expectMailCount(email, SUBJECT.login, 2);
    await expectMailCount(email, SUBJECT.deletion, 1);
    expect(await mailsTo(a, email, SUBJECT.signupNotice)).toHaveLength(0);
  });
});

describe("mails per client IP, across two instances", () => {
  it(`refuse the ${MAIL_PER_IP + 1}th mail one client causes whichever instance gets it`, async () => {
    const ip = uniqueIp();
    // Every kind of mail request counts, whether or not the address has an account.
    const requests: ((i: number) => [string, Record<string, string>])[] = [
      (i) => ["/api/v1/signup", { email: uniqueEmail(`ip${i}`), password: STRONG_PASSWORD }],
      (i) => ["/api/v1/login", { email: uniqueEmail(`ip${i}`) }],
      (i) => ["/api/v1/signup/resend", { email: uniqueEmail(`ip${i}`) }],
    ];
    for (let i = 0; i < MAIL_PER_IP; i++) {
      const [path, body] = requests[i % requests.length]!(i);
      expect((await send(instance(i), path, body, ip)).status, `request ${i + 1}`).toBe(202);
    }
    for (const [name, server] of [
      ["A", a],
      ["B", b],
    ] as const) {
      expectLimited(
        await send(
          server,
          "/api/v1/signup",
          { email: uniqueEmail("ipx"), password: STRONG_PASSWORD },
          ip,
        ),
        3600,
        `sign-up on ${name}`,
      );
      expectLimited(
        await send(server, "/api/v1/login", { email: uniqueEmail("ipx") }, ip),
        3600,
        `login request on ${name}`,
      );
    }
    // Another client is not affected.
    expect((await send(b, "/api/v1/login", { email: uniqueEmail("ipy") })).status).toBe(202);
  });
});

describe("failed password attempts per account, across two instances", () => {
  it("failures alternated between the instances (and clients) lock the account on both", async () => {
    const account = await activeAccount(a, uniqueEmail("brute"), { headers: fromIp(uniqueIp()) });
    const token = await loginLinkToken(a, account.email, { headers: fromIp(uniqueIp()) });
    const totp = await wrongTotp(account.secret);
    for (let i = 0; i < FAILURES_PER_ACCOUNT; i++) {
      const wrong = await send(instance(i), "/api/v1/login/complete", {
        token,
        password: `wrong password ${i}`,
        totp,
      });
      expect(wrong.status, `failure ${i + 1}`).toBe(401);
    }
    const right = {
      token,
      password: account.password,
      totp: await nextTotp(account.secret),
    };
    expectLimited(await send(a, "/api/v1/login/complete", right), LOCK_SECONDS, "login on A");
    // A new link (asked for on B) meets the same lock on both instances.
    const fresh = { ...right, token: await loginLinkToken(b, account.email, { mailbox: a }) };
    expectLimited(await send(b, "/api/v1/login/complete", fresh), LOCK_SECONDS, "login on B");
    expectLimited(await send(a, "/api/v1/login/complete", fresh), LOCK_SECONDS, "again on A");
    // The deletion request has a budget of its own: the owner can still ask for it.
    const deletion = await send(b, "/api/v1/account/delete", {
      email: account.email,
      password: account.password,
    });
    expect(deletion.status).toBe(202);
  });

  it("attempts refused by the lock check no factor, so they do not use up the link", async () => {
    // SPEC 2: failed attempts (wrong password or TOTP) are counted on a link. An attempt the
    // account lock refuses checks nothing: it must answer 429 (the lock, with Retry-After)
    // every time, not kill the link and then answer 410 "too many failed attempts".
    const account = await activeAccount(a, uniqueEmail("brute-link"), {
      headers: fromIp(uniqueIp()),
    });
    const first = await loginLinkToken(a, account.email, { headers: fromIp(uniqueIp()) });
    const totp = await wrongTotp(account.secret);
    for (let i = 0; i < FAILURES_PER_ACCOUNT; i++)
      expect(
        (
          await send(instance(i), "/api/v1/login/complete", {
            token: first,
            password: `no ${i}`,
            totp,
          })
        ).status,
      ).toBe(401);
    const token = await loginLinkToken(b, account.email, { mailbox: a });
    const right = { token, password: account.password, totp: await nextTotp(account.secret) };
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push((await send(instance(i), "/api/v1/login/complete", right)).status);
    expect(statuses).toEqual([429, 429, 429, 429, 429, 429]);
  });

  it("wrong deletion passwords lock deletion requests, a known and an unknown address alike, and not login", async () => {
    const owner = await activeAccount(b, uniqueEmail("brute-del"), {
      headers: fromIp(uniqueIp()),
    });
    const known = owner.email;
    const unknown = uniqueEmail("brute-del");
    const seen: Record<string, number[]> = { known: [], unknown: [] };
    for (let i = 0; i <= FAILURES_PER_ACCOUNT; i++) {
      for (const [name, email] of [
        ["known", known],
        ["unknown", unknown],
      ] as const) {
        const response = await send(instance(i), "/api/v1/account/delete", {
          email,
          password: `wrong password ${i}`,
        });
        seen[name]!.push(response.status);
        if (i === FAILURES_PER_ACCOUNT)
          expectLimited(response, LOCK_SECONDS, `${name} address, attempt ${i + 1}`);
      }
    }
    const expected = [...Array<number>(FAILURES_PER_ACCOUNT).fill(401), 429];
    expect(seen).toEqual({ known: expected, unknown: expected });
    // A stranger who knows the address cannot lock its owner's login this way.
    expect(await logIn(owner, a, b, fromIp(uniqueIp()))).toBeTruthy();
  });
});
