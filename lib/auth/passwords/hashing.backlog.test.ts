// Threat: a flood of password checks (activations for made-up addresses, say) queues hashes
// without end, so every real login waits behind it. The backlog is bounded by the time it
// would take; past that, checks are refused at once with 503 and Retry-After.
import { afterAll, beforeAll, expect, it } from "vitest";
import { AppError } from "../../shared/problems";

// config() parses the environment once, so it must be set before the module loads.
process.env.BCRYPT_COST = "10";
process.env.HASH_POOL_THREADS = "1";
process.env.HASH_MAX_WAIT_SECONDS = "0.3";

type Passwords = typeof import("./hashing");
let passwords: Passwords;
let hash: string;

beforeAll(async () => {
  passwords = await import("./hashing");
  hash = await passwords.hashPassword("correct horse battery staple");
});

afterAll(async () => {
  await (
    globalThis as { triplockHashPool?: { pool: { destroy(): Promise<void> } } }
  ).triplockHashPool?.pool.destroy();
});

it("refuses checks at once, with 503 and Retry-After, once the backlog holds more than its time", async () => {
  const started = performance.now();
  const outcomes = await Promise.all(
    Array.from({ length: 60 }, () =>
      passwords.verifyPassword("correct horse battery staple", hash).then(
        (ok) => ({ ok, at: performance.now() - started }),
        (error: unknown) => ({ error, at: performance.now() - started }),
      ),
    ),
  );
  const accepted = outcomes.filter((o) => "ok" in o);
  const refused = outcomes.filter((o) => "error" in o);
  // Some run, as many as fit in 0.3 s of hashing at this cost, and the rest are refused.
  expect(accepted.length).toBeGreaterThanOrEqual(1);
  expect(accepted.every((o) => "ok" in o && o.ok)).toBe(true);
  expect(refused.length).toBeGreaterThanOrEqual(30);
  for (const o of refused) {
    const error = (o as { error: unknown }).error;
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).status).toBe(503);
    expect((error as AppError).retryAfterSeconds).toBeGreaterThanOrEqual(1);
  }
  // Refused without waiting: before the first accepted check had even finished.
  const firstDone = Math.min(...accepted.map((o) => o.at));
  expect(Math.max(...refused.map((o) => o.at))).toBeLessThan(firstDone);
});

it("accepts checks again once the backlog has drained", async () => {
  await expect(passwords.verifyPassword("correct horse battery staple", hash)).resolves.toBe(true);
});

it("counts a request let in to hash before its hash is queued, and lets another in once it is answered", async () => {
  // Nothing is hashing now: the bound applies to requests still doing their database work.
  const releases: (() => void)[] = [];
  let refusal: unknown;
  while (releases.length < 1_000) {
    try {
      releases.push(passwords.admitHashing());
    } catch (error) {
      refusal = error;
      break;
    }
  }
  // One thread, 0.3 s of waiting at a cost-10 hash's time: a handful, never the thousand.
  expect(releases.length).toBeGreaterThanOrEqual(2);
  expect(releases.length).toBeLessThan(100);
  expect(refusal).toBeInstanceOf(AppError);
  expect((refusal as AppError).status).toBe(503);
  expect((refusal as AppError).retryAfterSeconds).toBeGreaterThanOrEqual(1);
  // An answered request frees its place, once however often it reports. (Before any hash
  // runs: a hash moves the average time the places are counted in.)
  releases.pop()!();
  const release = releases.pop()!;
  release();
  release();
  releases.push(passwords.admitHashing(), passwords.admitHashing());
  expect(() => passwords.admitHashing()).toThrow(AppError);

  // Those let in are not then refused at their hash for the places the others hold.
  await expect(passwords.verifyPassword("correct horse battery staple", hash)).resolves.toBe(true);
  for (const r of releases) r();
  expect(() => passwords.admitHashing()()).not.toThrow();
});
