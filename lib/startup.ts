import "server-only";
import http from "node:http";
import path from "node:path";
import pg from "pg";
import { config } from "./server/config";
import { poolConfig } from "./server/database-url";
import { db } from "./server/db";
import { drainOutbox } from "./email/outbox";
import { purgeExpired } from "./server/housekeeping";
import { answerLinkRequests } from "./auth/link-requests";
import { linkIssuers } from "./flows/requested-links";
import { migrate, readMigrations } from "./server/migrate";
import { prepareDummyHash } from "./auth/passwords/hashing";
import { startWorker } from "./server/worker";
import { log } from "./server/log";
import { installAdmission } from "./web/admission";
import { registerGauges, serveMetricsPort } from "./web/metrics";
import { installRequestLog } from "./web/request-log";

// Everything the server does once before it takes requests (called from instrumentation.ts
// after lib/server/local-setup.ts has filled in the environment).

export async function startServer(): Promise<void> {
  const { databaseUrl, production, devMailbox, email } = config();
  if (!(Symbol.for("triplock.requestGuard") in http.Server.prototype)) {
    throw new Error(
      "Start Triplock with npm run dev or npm start, or preload its request guard " +
        "(node --import ./lib/server/request-guard.mjs): without it a client could forge X-Forwarded-For.",
    );
  }
  // Without a provider, mail would only be written where an operator (and no user) can read
  // it, with live links and codes: refused, unless the readable dev mailbox is asked for.
  if (production && !email.resendApiKey && !devMailbox) {
    throw new Error(
      "No mail provider: set RESEND_API_KEY (and EMAIL_FROM) to send mail, or DEV_MAILBOX=1 " +
        "to keep every email readable at /dev/mailbox while you try Triplock out.",
    );
  }

  const client = new pg.Client(poolConfig(databaseUrl!));
  await client.connect();
  try {
    const applied = await migrate(
      client,
      readMigrations(path.join(process.cwd(), "prisma", "migrations")),
    );
    if (applied.length) log().info({ migrations: applied }, "applied migrations");
  } finally {
    await client.end();
  }
  // Prisma loads its query compiler (WebAssembly) on first use, blocking the event loop for
  // a moment: a second or more on a busy machine. Done here, before requests arrive, not
  // under the first burst, where it made the burst's new connections time out (503).
  await db().user.findFirst({ select: { id: true } });
  installRequestLog();
  installAdmission();
  registerGauges();
  serveMetricsPort();
  startWorker([() => answerLinkRequests(linkIssuers), () => drainOutbox(), purgeExpired]);
  void prepareDummyHash();
}
