import pg from "pg";

// Direct, read-only looks at a test database, for properties no API response can show:
// what was written, and what is stored in clear.

export async function withDatabase<T>(
  url: string,
  fn: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Every table of the application schema (the migrations bookkeeping included). */
export async function tableNames(client: pg.Client): Promise<string[]> {
  const { rows } = await client.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables
     WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  return rows.map((r) => r.table_name);
}

export async function rowCounts(client: pg.Client): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of await tableNames(client)) {
    const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM "${table}"`);
    counts[table] = Number(rows[0]!.n);
  }
  return counts;
}

/** Every row of every table as JSON text, one string per table: what a dump would reveal. */
export async function dumpAll(client: pg.Client): Promise<Record<string, string[]>> {
  const dump: Record<string, string[]> = {};
  for (const table of await tableNames(client)) {
    const { rows } = await client.query<{ row: string }>(
      `SELECT row_to_json(t)::text AS row FROM "${table}" t`,
    );
    dump[table] = rows.map((r) => r.row);
  }
  return dump;
}

/** What the database holds for one address: its users, their status, their recovery codes. */
export async function accountRows(
  url: string,
  email: string,
): Promise<{ users: number; statuses: string[]; recoveryCodes: number }> {
  return withDatabase(url, async (client) => {
    const { rows } = await client.query<{ status: string; codes: number }>(
      `SELECT u.status,
              (SELECT count(*)::int FROM "RecoveryCode" r WHERE r."userId" = u.id) AS codes
       FROM "User" u WHERE u.email = $1`,
      [email],
    );
    return {
      users: rows.length,
      statuses: rows.map((r) => r.status),
      recoveryCodes: rows.reduce((n, r) => n + r.codes, 0),
    };
  });
}

/** How many sessions (browser and API) the account with this address has. */
export async function sessionCount(url: string, email: string): Promise<number> {
  return withDatabase(url, async (client) => {
    const { rows } = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "Session" s JOIN "User" u ON u.id = s."userId"
       WHERE u.email = $1`,
      [email],
    );
    return rows[0]!.n;
  });
}

/** How many emails were queued for this address, sent or not. */
export async function mailCount(url: string, email: string): Promise<number> {
  return withDatabase(url, async (client) => {
    const { rows } = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "EmailMessage" WHERE "to" = $1`,
      [email],
    );
    return rows[0]!.n;
  });
}

/** Waits until the outbox has nothing left to send. */
export async function waitForOutboxDrained(url: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const queued = await withDatabase(url, async (client) => {
      const { rows } = await client.query<{ n: string }>(
        `SELECT count(*) AS n FROM "EmailMessage" WHERE status = 'QUEUED'`,
      );
      return Number(rows[0]!.n);
    });
    if (queued === 0) return;
    if (Date.now() > deadline) throw new Error(`${queued} emails still queued`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** How many of the account's recovery codes have been used. */
export async function usedRecoveryCodes(url: string, email: string): Promise<number> {
  return withDatabase(url, async (client) => {
    const { rows } = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "RecoveryCode" r JOIN "User" u ON u.id = r."userId"
       WHERE u.email = $1 AND r."usedAt" IS NOT NULL`,
      [email],
    );
    return rows[0]!.n;
  });
}
