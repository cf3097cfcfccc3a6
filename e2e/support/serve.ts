import { createDatabase, startServer } from "./test-server";

// The server Playwright tests run against: the production build on a fresh database,
// dropped again when Playwright stops it.
async function main() {
  const port = Number(process.argv[2] ?? 3210);
  const database = await createDatabase();
  const server = await startServer(database, {
    port,
    env: { MAIL_PER_IP_PER_HOUR: "100000", LOGIN_FAILURES_PER_IP: "100000" },
  });
  console.log(`[e2e] serving ${server.url}`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await server.stop();
    await database.drop();
    process.exit(0);
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

void main();
