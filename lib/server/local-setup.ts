import "server-only";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { startEmbeddedPostgres } from "./embedded-postgres";

// What a local install leaves unset, start-up fills in before anything reads the
// configuration: without DATABASE_URL an embedded PostgreSQL in DATA_DIR, without
// AUTH_SECRET a random secret generated once and kept beside it, and, as a production
// build on the embedded database is someone trying Triplock out rather than a deployment,
// the development mailbox unless mail is sent. All go into process.env, so every part of
// the app then sees one fully configured environment.

/**
 * The embedded server stops with the process: embedded-postgres stops the servers it started
 * on exit, SIGINT and SIGTERM.
 */
export async function applyLocalSetup(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  // DATA_DIR is a run-time choice: nothing for the build to trace.
  const dataDir = path.resolve(/* turbopackIgnore: true */ env.DATA_DIR || ".data");
  const external = Boolean(env.DATABASE_URL);
  // Instances sharing a database must share the secret that signs their sessions.
  if (!env.AUTH_SECRET && env.NODE_ENV === "production" && external) {
    throw new Error("AUTH_SECRET is required in production (openssl rand -base64 32).");
  }
  if (!env.AUTH_SECRET) env.AUTH_SECRET = localAuthSecret(dataDir);
  if (external) return;

  const embedded = await startEmbeddedPostgres({ dataDir: path.join(dataDir, "postgres") });
  env.DATABASE_URL = embedded.url;
  if (!env.RESEND_API_KEY && env.DEV_MAILBOX === undefined) env.DEV_MAILBOX = "1";
  console.log(`[triplock] embedded PostgreSQL in ${path.join(dataDir, "postgres")}`);
}

function localAuthSecret(dataDir: string): string {
  const file = path.join(dataDir, "auth-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, secret, { mode: 0o600, flag: "wx" });
  return secret;
}
