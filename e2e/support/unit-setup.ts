import path from "node:path";
import pg from "pg";
import { migrate, readMigrations } from "../../lib/server/migrate";
import { exportRunPostgres } from "./postgres";

// The unit tests get the run's PostgreSQL (DATABASE_URL, or an embedded one), and a
// template database with every migration applied, from which each test file of the
// workflows clones a fresh database in milliseconds (./in-process.ts).
export const TEMPLATE_ENV = "TRIPLOCK_TEST_TEMPLATE";

export default async function setup() {
  const stopPostgres = await exportRunPostgres();
  const admin = process.env.DATABASE_URL!;
  const template = `triplock_template_${process.pid}_${Date.now()}`;
  await withClient(admin, (client) => client.query(`CREATE DATABASE "${template}"`));
  await withClient(databaseUrl(admin, template), (client) =>
    migrate(client, readMigrations(path.join(process.cwd(), "prisma", "migrations"))),
  );
  process.env[TEMPLATE_ENV] = template;
  return async () => {
    await withClient(admin, (client) =>
      client.query(`DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`),
    );
    await stopPostgres();
  };
}

export function databaseUrl(server: string, database: string): string {
  const url = new URL(server);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
