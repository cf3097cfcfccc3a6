import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import path from "node:path";
import pg from "pg";
import { freePort } from "../../lib/server/embedded-postgres";
import { failOnSecretsInLog } from "./secrets-seen";
import { failOnUnhandledErrors } from "./server-errors";

export { freePort };

// Runs the production build (`next build` first) as a real server on a fresh database, a
// new one on the run's PostgreSQL (DATABASE_URL, see ./postgres.ts). Several servers may
// share one database (the multi-instance tests).

export interface TestServer {
  url: string;
  /** The server's process id. */
  pid: number;
  databaseUrl: string;
  /** Everything the server has written so far, stdout and stderr. */
  logs: () => string;
  /** Stops the server, then throws if its log ever reported an unhandled error. */
  stop: () => Promise<void>;
}

export interface Database {
  url: string;
  drop: () => Promise<void>;
}

export async function createDatabase(): Promise<Database> {
  const base = process.env.DATABASE_URL;
  if (!base) throw new Error("No DATABASE_URL: start the run's PostgreSQL first (./postgres.ts).");
  const name = `triplock_test_${Date.now()}_${randomBytes(3).toString("hex")}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: base });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
    },
  };
}

async function waitForHealth(url: string, child: ChildProcess, logs: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Server exited early:\n${logs().slice(-20_000)}`);
    try {
      const response = await fetch(`${url}/api/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`Server did not become healthy:\n${logs().slice(-20_000)}`);
}

// A run that dies (an uncaught error in a script, a killed test worker's exit) must not leave
// its servers behind: orphaned, they keep the machine busy and skew every later timing.
const running = new Set<ChildProcess>();
process.once("exit", () => running.forEach((child) => child.kill("SIGKILL")));

export const TEST_AUTH_SECRET = "test-secret-0123456789abcdef0123456789abcdef";

export async function startServer(
  database: Database,
  options: { port?: number; env?: Record<string, string>; logFile?: string } = {},
): Promise<TestServer> {
  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    AUTH_SECRET: TEST_AUTH_SECRET,
    APP_URL: url,
    DEV_MAILBOX: "1",
    BCRYPT_COST: "4",
    ...options.env,
  };
  env.DATABASE_URL = database.url;

  const child = spawn(
    process.execPath,
    [
      "--import",
      path.join(process.cwd(), "lib", "server", "request-guard.mjs"),
      path.join("node_modules", "next", "dist", "bin", "next"),
      "start",
      "-p",
      String(port),
      "-H",
      "127.0.0.1",
    ],
    { env, stdio: ["ignore", "pipe", "pipe"] },
  );
  running.add(child);
  child.once("exit", () => running.delete(child));
  // Kept whole, in chunks as they come (a busy server writes thousands of lines a second,
  // and the benchmark's load runs in this process); with `logFile`, also written there for
  // other processes to check.
  const whole: string[] = [];
  const file = options.logFile ? createWriteStream(options.logFile) : undefined;
  const collect = (chunk: Buffer) => {
    const text = chunk.toString();
    whole.push(text);
    file?.write(text);
  };
  child.stdout!.on("data", collect);
  child.stderr!.on("data", collect);
  const logs = () => whole.join("");

  await waitForHealth(url, child, logs);
  return {
    url,
    pid: child.pid!,
    databaseUrl: database.url,
    logs,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
        if (child.exitCode === null) child.kill("SIGKILL");
      }
      file?.end();
      const all = logs();
      failOnUnhandledErrors(all, `The server at ${url}`);
      failOnSecretsInLog(all, `The server at ${url}`);
    },
  };
}
