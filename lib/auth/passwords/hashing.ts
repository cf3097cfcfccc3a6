import "server-only";
import os from "node:os";
import path from "node:path";
import Piscina from "piscina";
import { config } from "../../server/config";
import { metrics } from "../../server/metrics";
import { randomToken } from "../../crypto/primitives";
import { limitMessages } from "../../shared/messages";
import { AppError } from "../../shared/problems";

// Password hashing runs in worker threads (./bcrypt-worker.mjs); the path is resolved at
// run time so the bundler leaves the worker file alone.
interface HashPool {
  pool: Piscina;
  threads: number;
  /** Recent time per hash (moving average), to tell how long the backlog would take. */
  averageMs: number;
  /** Requests let in to hash (`admitHashing`) and not answered yet. */
  admitted: number;
}
const globalPool = globalThis as unknown as { triplockHashPool?: HashPool };

function hashPool(): HashPool {
  if (globalPool.triplockHashPool) return globalPool.triplockHashPool;
  const { hashPoolThreads, bcryptCost } = config();
  const threads = hashPoolThreads ?? Math.max(1, os.availableParallelism());
  globalPool.triplockHashPool = {
    pool: new Piscina({
      filename: path.join(process.cwd(), "lib", "auth", "passwords", "bcrypt-worker.mjs"),
      maxThreads: threads,
      idleTimeout: 60_000,
    }),
    threads,
    // A first guess (cost 12 is about a quarter of a second); measured from the first hash.
    averageMs: 250 * 2 ** (bcryptCost - 12),
    admitted: 0,
  };
  return globalPool.triplockHashPool;
}

/** Refused: the hashes `waiting` would take more than HASH_MAX_WAIT_SECONDS to get a thread. */
function refuseOverBacklog(hashes: HashPool, waiting: number): void {
  const waitMs = (waiting * hashes.averageMs) / hashes.threads;
  if (waitMs > config().hashMaxWaitSeconds * 1000) {
    throw new AppError("service_unavailable", limitMessages.hashingBusy, {
      retryAfterSeconds: Math.ceil(waitMs / 1000),
    });
  }
}

/**
 * Runs one hash, unless the backlog already holds more than HASH_MAX_WAIT_SECONDS of work:
 * then it is refused at once (503 with Retry-After) rather than queued without end, where a
 * flood would stall every real login behind it.
 */
async function run<T>(task: object, name: "hash" | "verify"): Promise<T> {
  const hashes = hashPool();
  refuseOverBacklog(hashes, hashes.pool.queueSize);
  const { value, ms } = (await hashes.pool.run(task, { name })) as { value: T; ms: number };
  hashes.averageMs = 0.8 * hashes.averageMs + 0.2 * ms;
  metrics()?.hashSeconds.observe({ operation: name }, ms / 1000);
  return value;
}

/**
 * Lets in a request that will hash, before any other work is done for it, or refuses it as
 * `run` would refuse its hash (AppError, 503): the same bound, applied where refusing costs
 * nothing (lib/web/admission.ts). Each request let in counts as a hash on its way, since it
 * reaches the pool only after its database work. Returns what to call once it is answered.
 */
export function admitHashing(): () => void {
  const hashes = hashPool();
  refuseOverBacklog(hashes, Math.max(hashes.pool.queueSize, hashes.admitted - hashes.threads));
  hashes.admitted += 1;
  let released = false;
  return () => {
    if (!released) hashes.admitted -= 1;
    released = true;
  };
}

/** Hashes waiting for a thread, and the threads (none before the first hash). */
export function hashBacklog(): { queued: number; threads: number } {
  const hashes = globalPool.triplockHashPool;
  return { queued: hashes?.pool.queueSize ?? 0, threads: hashes?.threads ?? 0 };
}

export function hashPassword(password: string): Promise<string> {
  return run({ password, cost: config().bcryptCost }, "hash");
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return run({ password, hash }, "verify");
}

let dummyHash: Promise<string> | undefined;

/** Made at start-up, so the first request for an unknown address is not the slow one. */
export function prepareDummyHash(): Promise<string> {
  dummyHash ??= hashPassword(randomToken());
  return dummyHash;
}

/**
 * Spends the same time as a real check when there is no user to check against, so the
 * response time does not reveal whether an address has an account.
 */
export async function verifyAgainstDummy(password: string): Promise<false> {
  await verifyPassword(password, await prepareDummyHash());
  return false;
}
