import "server-only";
import { decrypt, encrypt } from "../crypto/primitives";
import { db, transaction } from "../server/db";
import { log } from "../server/log";
import { metrics } from "../server/metrics";
import type { Prisma } from "../generated/prisma/client";
import { secretKeys } from "../crypto/keys";
import { wakeWorker } from "../server/worker";
import type { Email } from "./layout";
import { transport, type Transport } from "./transport";

// A durable outbox. A request only inserts a row (in its own transaction, so mail is sent
// if and only if the change it announces is committed); the worker in every app instance
// claims due rows with SKIP LOCKED, sends, and retries with backoff until what the message
// carries has expired. Bodies carry links and codes, so they are encrypted at rest and
// erased once sent or expired.

const LEASE_SECONDS = 60;
/** Messages claimed, sent and recorded together. */
const BATCH = 10;
/** Mail that carries no link or code is still worth delivering within a day. */
const NOTICE_LIFETIME_MS = 24 * 3600 * 1000;

/**
 * Seconds until the next attempt: doubling from 2 s, at most 5 minutes, and at most a
 * quarter of the time the message has left, so a long outage still leaves it several
 * attempts before its link expires.
 */
export function backoffSeconds(attempt: number, secondsLeft: number): number {
  return Math.max(1, Math.min(2 ** attempt, 5 * 60, secondsLeft / 4));
}

/**
 * Queues a message inside a `transactionWithMail`, which sends it once committed.
 * `expiresAt` is when the link or code it carries stops working.
 */
export async function enqueueEmail(
  tx: Prisma.TransactionClient,
  to: string,
  email: Email,
  expiresAt = new Date(Date.now() + NOTICE_LIFETIME_MS),
): Promise<void> {
  const body = encrypt(secretKeys().email, JSON.stringify({ text: email.text, html: email.html }));
  await tx.emailMessage.create({ data: { to, subject: email.subject, body, expiresAt } });
}

/**
 * Runs `work` in one transaction; mail it enqueues is handed to the worker as soon as the
 * transaction commits (and never if it rolls back).
 */
export async function transactionWithMail<T>(
  work: (tx: Prisma.TransactionClient) => Promise<T>,
): Promise<T> {
  const result = await transaction(work);
  wakeWorker();
  return result;
}

interface Claimed {
  id: string;
  to: string;
  subject: string;
  body: string;
  attempts: number;
  expiresAt: Date;
}

// Claiming moves nextAttemptAt forward (a lease): if this instance dies mid-send, another
// picks the message up once the lease runs out.
async function claim(limit: number): Promise<Claimed[]> {
  return db().$queryRaw<Claimed[]>`
    UPDATE "EmailMessage" SET "nextAttemptAt" = now() + make_interval(secs => ${LEASE_SECONDS}),
                              "attempts" = "attempts" + 1
    WHERE id IN (
      SELECT id FROM "EmailMessage"
      WHERE status = 'QUEUED' AND "nextAttemptAt" <= now() AND "expiresAt" > now()
      ORDER BY "nextAttemptAt"
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    )
    RETURNING id, "to", subject, body, attempts, "expiresAt"`;
}

interface Sent {
  id: string;
  providerId: string;
}

/** Sends one claimed message: what to record once accepted, or null with a retry scheduled. */
async function deliver(message: Claimed, via: Transport): Promise<Sent | null> {
  try {
    const parts = JSON.parse(decrypt(secretKeys().email, message.body)) as Omit<Email, "subject">;
    const { id, to, subject } = message;
    return { id, providerId: await via.send({ id, to, subject, ...parts }) };
  } catch (error) {
    const lastError = String((error as Error).message ?? error).slice(0, 500);
    log().warn(
      { emailId: message.id, attempt: message.attempts, err: lastError },
      "email not sent",
    );
    metrics()?.outboxFailures.inc();
    const secondsLeft = (message.expiresAt.getTime() - Date.now()) / 1000;
    await db().emailMessage.update({
      where: { id: message.id },
      data: {
        lastError,
        nextAttemptAt: new Date(Date.now() + backoffSeconds(message.attempts, secondsLeft) * 1000),
      },
    });
    return null;
  }
}

/**
 * Records a claimed batch's sent messages as sent, in one statement for the batch (a login
 * storm queues a notice per login). Mail to an address that no longer has an account (the
 * notice that it was deleted) is deleted instead, leaving no record of it. Should the
 * instance die before this, the lease runs out and the batch is sent again: the provider
 * drops the repeats by their idempotency key (the message id).
 */
async function markSent(sent: Sent[]): Promise<void> {
  if (sent.length === 0) return;
  await db().$executeRaw`
    WITH sent AS (
      SELECT * FROM unnest(${sent.map((m) => m.id)}::text[], ${sent.map((m) => m.providerId)}::text[])
        AS s(id, provider_id)),
    gone AS (
      DELETE FROM "EmailMessage" m USING sent WHERE m.id = sent.id
        AND NOT EXISTS (SELECT 1 FROM "User" u WHERE u.email = m."to")
      RETURNING m.id)
    UPDATE "EmailMessage" m SET status = 'SENT', "sentAt" = now(), "providerId" = sent.provider_id,
                                body = NULL, "lastError" = NULL
    FROM sent WHERE m.id = sent.id AND sent.id NOT IN (SELECT id FROM gone)`;
}

/** Gives up on messages whose link or code has expired: they are failed, their bodies erased. */
async function expire(): Promise<void> {
  await db().$executeRaw`
    UPDATE "EmailMessage" SET status = 'FAILED', body = NULL,
      "lastError" = COALESCE("lastError" || '; ', '') || 'expired before it could be delivered'
    WHERE status = 'QUEUED' AND "expiresAt" <= now()`;
}

/** Mail waiting to be sent: how many messages, and how long the oldest has waited. */
export async function outboxBacklog(): Promise<{ queued: number; oldestSeconds: number }> {
  const [row] = await db().$queryRaw<{ queued: number; oldest: number | null }[]>`
    SELECT count(*)::int AS queued,
           EXTRACT(EPOCH FROM now() - min("createdAt"))::float8 AS oldest
    FROM "EmailMessage" WHERE status = 'QUEUED'`;
  return { queued: row?.queued ?? 0, oldestSeconds: row?.oldest ?? 0 };
}

/** Sends every message that is due; returns when the next retry falls due, if any. */
export async function drainOutbox(via: Transport = transport()): Promise<Date | null> {
  await expire();
  for (;;) {
    const batch = await claim(BATCH);
    const delivered = await Promise.all(batch.map((message) => deliver(message, via)));
    await markSent(delivered.filter((sent) => sent !== null));
    if (batch.length < BATCH) break;
  }
  const { _min } = await db().emailMessage.aggregate({
    where: { status: "QUEUED", expiresAt: { gt: new Date() } },
    _min: { nextAttemptAt: true },
  });
  return _min.nextAttemptAt;
}
