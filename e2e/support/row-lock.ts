import pg from "pg";

// Holds a user's row lock from outside the app, so a test can queue requests behind it in
// the order it chooses: PostgreSQL grants a row's lock to its waiters in the order they
// queued. The app takes this lock first in every transaction that consumes a user's token
// (lib/user-lock.ts), so the queue is the order in which those transactions run.

export interface HeldRowLock {
  /** Resolves once `count` other sessions of this database wait for a lock. */
  queued(count: number): Promise<void>;
  release(): Promise<void>;
}

export async function lockUserRow(databaseUrl: string, email: string): Promise<HeldRowLock> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query("BEGIN");
  const { rowCount } = await client.query(`SELECT id FROM "User" WHERE email = $1 FOR UPDATE`, [
    email,
  ]);
  if (rowCount !== 1) throw new Error(`No user ${email} to lock`);
  // Statistics are snapshotted once per transaction: clear the snapshot to see them change.
  const waiting = async () => {
    await client.query("SELECT pg_stat_clear_snapshot()");
    const { rows } = await client.query<{ wait_event_type: string | null; query: string }>(
      `SELECT wait_event_type, query FROM pg_stat_activity
       WHERE datname = current_database() AND pid <> pg_backend_pid() AND state = 'active'`,
    );
    return rows;
  };
  return {
    async queued(count) {
      // Before the app's own transaction timeout (5 s) gives up on the first waiter.
      const deadline = Date.now() + 4_000;
      for (;;) {
        const active = await waiting();
        const queue = active.filter((a) => a.wait_event_type === "Lock");
        if (queue.length >= count) return;
        if (Date.now() > deadline)
          throw new Error(`${queue.length} of ${count} waiting; active: ${JSON.stringify(active)}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    async release() {
      await client.query("ROLLBACK");
      await client.end();
    },
  };
}
