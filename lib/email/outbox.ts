import "server-only";
import { decrypt, encrypt } from "../crypto";
import { prisma } from "../db";
import type { Prisma } from "../generated/prisma/client";
import { secretKeys } from "../keys";
import type { Email } from "./layout";
import { transport, type Transport } from "./transport";

// A durable outbox. A request only inserts a row (in its own transaction, so mail is sent
// if and only if the change it announces is committed); the worker in every app instance
// claims due rows with SKIP LOCKED, sends, and retries with exponential backoff. Bodies
// carry links and codes, so they are encrypted at rest and erased once sent.

const MAX_ATTEMPTS = 8;
const LEASE_SECONDS = 60;
const POLL_MS = 5_000;

export function backoffSeconds(attempt: number): number {
  return Math.min(2 ** attempt, 15 * 60); // 2 s, 4 s, 8 s … capped at 15 minutes
}

/** Queues a message inside a `transactionWithMail`, which sends it once committed. */
export async function enqueueEmail(
  tx: Prisma.TransactionClient,
  to: string,
  email: Email,
): Promise<void> {
  const body = encrypt(secretKeys().email, JSON.stringify({ text: email.text, html: email.html }));
  await tx.emailMessage.create({ data: { to, subject: email.subject, body } });
}

/**
 * Runs `work` in one transaction; mail it enqueues is handed to the worker as soon as the
 * transaction commits (and never if it rolls back).
 */
export async function transactionWithMail<T>(
  work: (tx: Prisma.TransactionClient) => Promise<T>,
): Promise<T> {
  const result = await prisma.$transaction(work);
  scheduleDrain();
  return result;
}

interface Claimed {
  id: string;
  to: string;
  subject: string;
  body: string;
  attempts: number;
}

// Claiming moves nextAttemptAt forward (a lease): if this instance dies mid-send, another
// picks the message up once the lease runs out.
async function claim(limit: number): Promise<Claimed[]> {
  return prisma.$queryRaw<Claimed[]>`
    UPDATE "EmailMessage" SET "nextAttemptAt" = now() + make_interval(secs => ${LEASE_SECONDS}),
                              "attempts" = "attempts" + 1
    WHERE id IN (
      SELECT id FROM "EmailMessage"
      WHERE status = 'QUEUED' AND "nextAttemptAt" <= now()
      ORDER BY "nextAttemptAt"
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    )
    RETURNING id, "to", subject, body, attempts`;
}

async function deliver(message: Claimed, via: Transport): Promise<void> {
  try {
    const parts = JSON.parse(decrypt(secretKeys().email, message.body)) as Omit<Email, "subject">;
    const providerId = await via.send({
      id: message.id,
      to: message.to,
      subject: message.subject,
      ...parts,
    });
    await prisma.emailMessage.update({
      where: { id: message.id },
      data: { status: "SENT", sentAt: new Date(), providerId, body: null, lastError: null },
    });
  } catch (error) {
    const lastError = String((error as Error).message ?? error).slice(0, 500);
    const failed = message.attempts >= MAX_ATTEMPTS;
    console.warn(`[triplock] email ${message.id} attempt ${message.attempts} failed: ${lastError}`);
    await prisma.emailMessage.update({
      where: { id: message.id },
      data: failed
        ? { status: "FAILED", lastError, body: null }
        : {
            lastError,
            nextAttemptAt: new Date(Date.now() + backoffSeconds(message.attempts) * 1000),
          },
    });
  }
}

/** Sends every message that is due; returns how many were attempted. */
export async function drainOutbox(via: Transport = transport()): Promise<number> {
  let attempted = 0;
  for (;;) {
    const batch = await claim(10);
    if (batch.length === 0) return attempted;
    await Promise.all(batch.map((message) => deliver(message, via)));
    attempted += batch.length;
  }
}

const state = globalThis as unknown as {
  triplockOutbox?: { running: boolean; again: boolean; timer?: NodeJS.Timeout };
};

/** Runs a drain soon, without ever making the caller wait for it. */
export function scheduleDrain(): void {
  const s = state.triplockOutbox;
  if (!s) return;
  if (s.running) {
    s.again = true;
    return;
  }
  s.running = true;
  setImmediate(() => {
    drainOutbox()
      .catch((error) => console.error("[triplock] email queue:", error))
      .finally(() => {
        s.running = false;
        if (s.again) {
          s.again = false;
          scheduleDrain();
        }
      });
  });
}

/** Polls the queue for retries and for mail enqueued by other instances. */
export function startEmailWorker(): void {
  if (state.triplockOutbox) return;
  state.triplockOutbox = { running: false, again: false };
  state.triplockOutbox.timer = setInterval(scheduleDrain, POLL_MS);
  state.triplockOutbox.timer.unref();
  scheduleDrain();
}
