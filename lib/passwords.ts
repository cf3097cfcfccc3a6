import "server-only";
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Piscina from "piscina";
import { config } from "./config";
import { randomToken } from "./crypto";

// Password hashing runs in worker threads (lib/workers/bcrypt-worker.mjs); the path is
// resolved at run time so the bundler leaves the worker file alone.
type Pool = Piscina;
const globalPool = globalThis as unknown as { triplockHashPool?: Pool };

function pool(): Pool {
  globalPool.triplockHashPool ??= new Piscina({
    filename: path.join(process.cwd(), "lib", "workers", "bcrypt-worker.mjs"),
    maxThreads: config().hashPoolThreads ?? Math.max(1, os.availableParallelism()),
    idleTimeout: 60_000,
  });
  return globalPool.triplockHashPool;
}

export function hashPassword(password: string): Promise<string> {
  return pool().run({ password, cost: config().bcryptCost }, { name: "hash" });
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return pool().run({ password, hash }, { name: "verify" });
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

let common: Set<string> | undefined;

/** True when the password is on the shipped list of common passwords (no network call). */
export function isCommonPassword(password: string): boolean {
  common ??= new Set(
    readFileSync(path.join(process.cwd(), "lib", "common-passwords.txt"), "utf8")
      .split("\n")
      .filter((line) => line && !line.startsWith("#")),
  );
  return common.has(password.toLowerCase());
}
