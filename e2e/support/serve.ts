import { runPostgres } from "./postgres";
import { createDatabase, startServer } from "./test-server";

// The server Playwright tests run against: the production build on a fresh database of the
// run's PostgreSQL, all stopped and dropped again when Playwright stops it. Its log goes to
// the file named second on the command line (checked by ./browser-teardown.ts).
async function main() {
  const port = Number(process.argv[2] ?? 3210);
  const logFile = process.argv[3];
  const postgres = await runPostgres();
  process.env.DATABASE_URL = postgres.url;
  const database = await createDatabase();
  const server = await startServer(database, {
    port,
    logFile,
    env: { MAIL_PER_IP_PER_HOUR: "100000", LOGIN_FAILURES_PER_IP: "100000" },
  });
  console.log(`[e2e] serving ${server.url}`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    let code = 0;
    try {
      await server.stop();
    } catch (error) {
      console.error((error as Error).message);
      code = 1;
    }
    // Playwright signals the whole process group, so the throwaway cluster may be shutting
    // down already, taking the database with it.
    await database.drop().catch(() => undefined);
    await postgres.stop();
    process.exit(code);
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

void main();
