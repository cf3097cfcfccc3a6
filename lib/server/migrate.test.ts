// Guards start-up migrations on real PostgreSQL: Prisma-compatible ledger, idempotent, safe when instances start at once.
import { createHash, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { migrate, readMigrations, type Migration } from "./migrate";

// The run's PostgreSQL (e2e/support/unit-setup.ts); unreachable means the test fails.
const SERVER = process.env.DATABASE_URL!;
const MIGRATIONS_DIR = path.join(process.cwd(), "prisma", "migrations");

const created: string[] = [];
const open: pg.Client[] = [];

function urlFor(database: string): string {
  const url = new URL(SERVER);
  url.pathname = `/${database}`;
  return url.toString();
}

async function connect(database: string): Promise<pg.Client> {
  const client = new pg.Client({
    connectionString: urlFor(database),
    connectionTimeoutMillis: 10_000,
  });
  await client.connect();
  open.push(client);
  return client;
}

async function freshDatabase(): Promise<string> {
  const name = `triplock_migrate_${randomBytes(6).toString("hex")}`;
  const admin = await connect("postgres");
  await admin.query(`CREATE DATABASE "${name}"`);
  created.push(name);
  return name;
}

async function closeAll() {
  await Promise.all(open.splice(0).map((c) => c.end().catch(() => undefined)));
}

afterEach(closeAll);

afterAll(async () => {
  await closeAll();
  const admin = await connect("postgres");
  for (const name of created) await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await closeAll();
});

async function tables(client: pg.Client): Promise<string[]> {
  const { rows } = await client.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`,
  );
  return rows.map((r) => r.table_name);
}

describe("readMigrations", () => {
  it("finds the init migration with the sha256 hex checksum of its file", () => {
    const migrations = readMigrations(MIGRATIONS_DIR);
    expect(migrations.length).toBeGreaterThanOrEqual(1);
    const init = migrations.find((m) => m.name.endsWith("_init"));
    expect(init).toBeDefined();
    const file = readFileSync(path.join(MIGRATIONS_DIR, init!.name, "migration.sql"));
    expect(init!.sql).toBe(file.toString("utf8"));
    expect(init!.checksum).toMatch(/^[0-9a-f]{64}$/);
    expect(init!.checksum).toBe(createHash("sha256").update(file).digest("hex"));
  });

  it("returns migrations in name (timestamp) order and ignores plain files", () => {
    const names = readMigrations(MIGRATIONS_DIR).map((m) => m.name);
    expect(names).toEqual([...names].sort());
    expect(names).not.toContain("migration_lock.toml");
  });
});

describe("migrate against PostgreSQL", { timeout: 60_000 }, () => {
  const migrations = readMigrations(MIGRATIONS_DIR);

  it("applies pending migrations once and records them in Prisma's ledger", async () => {
    const client = await connect(await freshDatabase());

    const before = Date.now();
    const applied = await migrate(client, migrations);
    expect(applied).toEqual(migrations.map((m) => m.name));

    const { rows } = await client.query(
      `SELECT migration_name, checksum, finished_at, started_at, applied_steps_count, rolled_back_at
         FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    expect(rows).toHaveLength(migrations.length);
    for (const [i, row] of rows.entries()) {
      expect(row.migration_name).toBe(migrations[i]!.name);
      expect(row.checksum).toBe(migrations[i]!.checksum);
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.rolled_back_at).toBeNull();
      expect(row.applied_steps_count).toBe(1);
      expect(row.finished_at.getTime()).toBeGreaterThanOrEqual(row.started_at.getTime());
      expect(row.started_at.getTime()).toBeGreaterThan(before - 60_000);
    }
    expect(await tables(client)).toEqual(
      expect.arrayContaining([
        "User",
        "OneTimeToken",
        "Session",
        "RateLimit",
        "_prisma_migrations",
      ]),
    );

    // A second run finds nothing to do and changes nothing.
    await expect(migrate(client, migrations)).resolves.toEqual([]);
    const again = await client.query(`SELECT count(*)::int AS n FROM "_prisma_migrations"`);
    expect(again.rows[0].n).toBe(migrations.length);
  });

  it("four instances starting at once apply each migration exactly once", async () => {
    const database = await freshDatabase();
    const clients = await Promise.all([1, 2, 3, 4].map(() => connect(database)));

    const results = await Promise.allSettled(clients.map((c) => migrate(c, migrations)));
    expect(results.map((r) => r.status)).toEqual([
      "fulfilled",
      "fulfilled",
      "fulfilled",
      "fulfilled",
    ]);
    const applied = results.map((r) => (r as PromiseFulfilledResult<string[]>).value);
    // Exactly one instance did the work; the others waited and found nothing left.
    expect(applied.filter((a) => a.length > 0)).toEqual([migrations.map((m) => m.name)]);
    expect(applied.filter((a) => a.length === 0)).toHaveLength(3);

    const ledger = await clients[0]!.query(
      `SELECT migration_name, count(*)::int AS n FROM "_prisma_migrations" GROUP BY 1 ORDER BY 1`,
    );
    expect(ledger.rows).toEqual(migrations.map((m) => ({ migration_name: m.name, n: 1 })));
    expect(await tables(clients[0]!)).toEqual(expect.arrayContaining(["User", "Session"]));

    // Every connection released the lock: a fresh one can take it at once.
    const probe = await connect(database);
    const { rows } = await probe.query(`SELECT pg_try_advisory_lock(72707369) AS ok`);
    expect(rows[0].ok).toBe(true);
  });

  it("a failing migration is rolled back, left out of the ledger, and releases the lock", async () => {
    const database = await freshDatabase();
    const client = await connect(database);
    const broken: Migration = {
      name: "29990101000000_broken",
      sql: `CREATE TABLE "Half" (id int); SELECT 1 / 0;`,
      checksum: "0".repeat(64),
    };

    await expect(migrate(client, [...migrations, broken])).rejects.toThrow(/29990101000000_broken/);
    expect(await tables(client)).not.toContain("Half");
    const { rows } = await client.query(`SELECT migration_name FROM "_prisma_migrations"`);
    expect(rows.map((r) => r.migration_name)).toEqual(migrations.map((m) => m.name));

    // The same connection and another one can run again; only the good ones stay applied.
    const other = await connect(database);
    await expect(migrate(other, migrations)).resolves.toEqual([]);
  });

  it("refuses to start over a migration that failed earlier (no finished_at)", async () => {
    const client = await connect(await freshDatabase());
    await migrate(client, migrations);
    const extra: Migration = {
      name: "29990101000000_pending",
      sql: "SELECT 1",
      checksum: "1".repeat(64),
    };
    await client.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name) VALUES ($1, $2, $3)`,
      ["00000000-0000-4000-8000-000000000000", extra.checksum, extra.name],
    );
    await expect(migrate(client, [...migrations, extra])).rejects.toThrow(/failed earlier/);
  });

  it("warns, but does not re-apply, when an applied migration was edited", async () => {
    const client = await connect(await freshDatabase());
    await migrate(client, migrations);
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    try {
      const edited = migrations.map((m) => ({ ...m, checksum: "f".repeat(64) }));
      await expect(migrate(client, edited)).resolves.toEqual([]);
      expect(warn).toHaveBeenCalledWith(expect.stringContaining(migrations[0]!.name));
    } finally {
      warn.mockRestore();
    }
  });
});
