// Threat: password guesses and mail floods beyond the limits per address and per client (IPv6: /64).
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { failure, freshDatabase, openPool, uniqueEmail } from "../../e2e/support/in-process";
import { secretKeys } from "../crypto/keys";
import { keyedHash } from "../crypto/primitives";
import { db } from "../server/db";
import { limitMessages } from "../shared/messages";
import {
  limitMail,
  passwordCheckSucceeded,
  reservePasswordCheck,
  returnPasswordCheck,
} from "./rate-limit";

await freshDatabase({
  LOGIN_FAILURES_PER_ACCOUNT: "3",
  LOGIN_FAILURES_PER_IP: "6",
  LOGIN_LOCK_SECONDS: "900",
  MAIL_PER_ADDRESS_PER_HOUR: "3",
  MAIL_PER_IP_PER_HOUR: "5",
});

/** A client address no other test here uses. */
const ipv4 = () => `203.0.${randomBytes(1)[0]}.${randomBytes(1)[0]}`;
/** An IPv6 /64 of its own; `host(n)` is the n-th address inside it. */
function network64() {
  const prefix = `2001:db8:${randomBytes(2).toString("hex")}:${randomBytes(2).toString("hex")}`;
  return (n: number) => `${prefix}:${n.toString(16)}:0:0:${(n * 7).toString(16)}`;
}

/** The stored counter for `name` and `subject`, as the table keys it (never in clear). */
async function counter(name: string, subject: string) {
  const key = `${name}:${keyedHash(secretKeys().rateLimits, subject)}`;
  return db().rateLimit.findUnique({ where: { key } });
}

async function lockedOut(promise: Promise<unknown>, seconds: number) {
  const refused = await failure(promise);
  expect([refused.status, refused.code]).toEqual([429, "rate_limited"]);
  expect(refused.retryAfterSeconds).toBeGreaterThan(0);
  expect(refused.retryAfterSeconds).toBeLessThanOrEqual(seconds);
  return refused;
}

describe("failed password checks per address", () => {
  it("allow the budget, then lock that address with 429 and Retry-After, not another", async () => {
    const email = uniqueEmail();
    for (let i = 0; i < 3; i++) await reservePasswordCheck("login", email, ipv4());
    const refused = await lockedOut(reservePasswordCheck("login", email, ipv4()), 900);
    expect(refused.message).toBe(limitMessages.login);
    // Refused attempts checked nothing: they neither count nor prolong the lock.
    await lockedOut(reservePasswordCheck("login", email, ipv4()), 900);
    expect((await counter("login-fail:account", email))?.count).toBe(3);
    await reservePasswordCheck("login", uniqueEmail(), ipv4());
  });

  it("keep a budget per way in: a locked emailed-code budget leaves the link, deletion and activation open", async () => {
    const email = uniqueEmail();
    for (let i = 0; i < 3; i++) await reservePasswordCheck("login-code", email, ipv4());
    const refused = await lockedOut(reservePasswordCheck("login-code", email, ipv4()), 900);
    expect(refused.message).toBe(limitMessages.loginCode);
    for (const budget of ["login", "deletion", "activation", "reauthentication"] as const) {
      await reservePasswordCheck(budget, email, ipv4());
    }
  });

  it("are forgiven by a success, and a check given back does not count", async () => {
    const email = uniqueEmail();
    const ip = ipv4();
    for (let i = 0; i < 2; i++) await reservePasswordCheck("login", email, ip);
    await passwordCheckSucceeded("login", email, ip);
    expect(await counter("login-fail:account", email)).toBeNull();
    expect((await counter("password-fail:ip", ip))?.count).toBe(1);

    await reservePasswordCheck("login", email, ip);
    await returnPasswordCheck("login", email, ip);
    expect((await counter("login-fail:account", email))?.count).toBe(0);
    expect((await counter("password-fail:ip", ip))?.count).toBe(1);
    for (let i = 0; i < 3; i++) await reservePasswordCheck("login", email, ip);
    await lockedOut(reservePasswordCheck("login", email, ip), 900);
  });

  it("hold under a concurrent burst: 20 checks at once, exactly the budget of 3 goes through", async () => {
    const email = uniqueEmail();
    await openPool();
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () => reservePasswordCheck("activation", email, ipv4())),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(3);
    expect((await counter("activation-fail:account", email))?.count).toBe(3);
  });

  it("are stored under a keyed hash, never the address itself", async () => {
    const email = uniqueEmail();
    await reservePasswordCheck("login", email, ipv4());
    const keys = (await db().rateLimit.findMany()).map((r) => r.key).join("\n");
    expect(keys).not.toContain(email);
    expect(keys).not.toContain(email.split("@")[0]);
    expect(await counter("login-fail:account", email)).not.toBeNull();
  });
});

describe("failed password checks per client", () => {
  it("add up over addresses and budgets, and count an IPv6 client by its /64", async () => {
    const host = network64();
    const budgets = ["login", "login-code", "deletion"] as const;
    for (let i = 0; i < 6; i++) {
      await reservePasswordCheck(budgets[i % 3]!, uniqueEmail(), host(i + 1));
    }
    // Another address of the same /64 is the same client; the next /64 is not.
    const refused = await lockedOut(reservePasswordCheck("login", uniqueEmail(), host(99)), 900);
    expect(refused.message).toBe(limitMessages.login);
    await reservePasswordCheck("login", uniqueEmail(), network64()(1));
    await reservePasswordCheck("login", uniqueEmail(), ipv4());
  });
});

describe("mail", () => {
  it("is capped per address (whatever the client), with an hour's Retry-After", async () => {
    const email = uniqueEmail();
    for (let i = 0; i < 3; i++) await limitMail(email, ipv4());
    const refused = await lockedOut(limitMail(email, ipv4()), 3600);
    expect(refused.message).toBe(limitMessages.mail);
    expect(refused.retryAfterSeconds).toBeGreaterThan(3500);
    await limitMail(uniqueEmail(), ipv4());
  });

  it("is capped per client (whatever the address), an IPv6 client by its /64", async () => {
    const host = network64();
    for (let i = 0; i < 5; i++) await limitMail(uniqueEmail(), host(i + 1));
    await lockedOut(limitMail(uniqueEmail(), host(42)), 3600);
    await limitMail(uniqueEmail(), network64()(1));
  });

  it("opens a new window once the hour has passed", async () => {
    const email = uniqueEmail();
    for (let i = 0; i < 3; i++) await limitMail(email, ipv4());
    await lockedOut(limitMail(email, ipv4()), 3600);
    const key = (await counter("mail:address", email))!.key;
    await db().rateLimit.update({ where: { key }, data: { resetAt: new Date(Date.now() - 1) } });
    await limitMail(email, ipv4());
    expect((await counter("mail:address", email))?.count).toBe(1);
  });
});

describe("concurrent counting", () => {
  it("queues, never deadlocks, when checks for one address and client are counted, forgiven and returned at once", async () => {
    await openPool();
    for (let round = 0; round < 20; round++) {
      const email = uniqueEmail("burst");
      const ip = ipv4();
      await reservePasswordCheck("login", email, ip);
      // What a burst of answers does to the two counters, all at once: each statement
      // touches both rows (the address's and the client's).
      const outcomes = await Promise.allSettled(
        Array.from({ length: 40 }, (_, i) =>
          [
            () => reservePasswordCheck("login", email, ip),
            () => passwordCheckSucceeded("login", email, ip),
            () => returnPasswordCheck("login", email, ip),
          ][i % 3]!(),
        ),
      );
      // Refusals (429) are expected once the window is full; any other failure is not.
      const errors = outcomes.flatMap((o) =>
        o.status === "rejected" && (o.reason as { code?: string }).code !== "rate_limited"
          ? [String(o.reason)]
          : [],
      );
      expect(errors).toEqual([]);
    }
  });
});
