// Threat: a lock that never lifts, that each refused try prolongs, or that lifts for good.
import { describe, expect, it } from "vitest";
import { failure, freshDatabase, uniqueEmail } from "../../e2e/support/in-process";
import { reservePasswordCheck } from "./rate-limit";

await freshDatabase({
  LOGIN_LOCK_SECONDS: "2",
  LOGIN_FAILURES_PER_ACCOUNT: "1",
  LOGIN_FAILURES_PER_IP: "1000",
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const locked = (email: string) =>
  failure(reservePasswordCheck("login", email, "203.0.113.9"), {
    status: 429,
    code: "rate_limited",
  });

describe("the lock window", () => {
  it("ends LOGIN_LOCK_SECONDS after it began, however often it is tried, and the next window holds the same budget", async () => {
    const email = uniqueEmail();
    await reservePasswordCheck("login", email, "203.0.113.9");
    const refused = await locked(email);
    expect(refused.retryAfterSeconds).toBeGreaterThan(0);
    expect(refused.retryAfterSeconds).toBeLessThanOrEqual(2);

    // A refused attempt checked nothing, so it does not prolong the lock.
    await sleep(1100);
    const later = await locked(email);
    expect(later.retryAfterSeconds).toBe(1);

    await sleep(later.retryAfterSeconds! * 1000 + 100);
    await reservePasswordCheck("login", email, "203.0.113.9");
    await locked(email);
  });
});
