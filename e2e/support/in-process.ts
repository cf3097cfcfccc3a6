import { randomBytes } from "node:crypto";
import { afterAll, expect } from "vitest";
import { answerLinkRequests } from "../../lib/auth/link-requests";
import { spendTotp } from "../../lib/auth/mfa/authenticator";
import { verifyPassword } from "../../lib/auth/passwords/hashing";
import { drainOutbox } from "../../lib/email/outbox";
import type { OutgoingEmail, Transport } from "../../lib/email/transport";
import { requestLogin } from "../../lib/flows/login";
import { linkIssuers } from "../../lib/flows/requested-links";
import { confirmSignup, requestSignup } from "../../lib/flows/signup";
import type { Prisma } from "../../lib/generated/prisma/client";
import { db } from "../../lib/server/db";
import { AppError, type ProblemCode } from "../../lib/shared/problems";
import type { RequestContext } from "../../lib/shared/request-context";
import { signupRequest } from "../../lib/shared/schemas";
import { SUBJECT } from "./adversary";
import { STRONG_PASSWORD } from "./api";
import type { Activated } from "./signup";
import { TEST_AUTH_SECRET } from "./test-server";
import { databaseUrl, TEMPLATE_ENV, withClient } from "./unit-setup";

export { SUBJECT, STRONG_PASSWORD };

// The workflows tested in process: the modules of lib/ called directly, on a fresh database
// of the run's real PostgreSQL (cloned from the migrated template, so in milliseconds), with
// the mail the worker would send captured here instead. A test file awaits `freshDatabase()`
// at its top, before anything reads the configuration.

export async function freshDatabase(env: Record<string, string> = {}): Promise<string> {
  const server = process.env.DATABASE_URL!;
  const name = `triplock_unit_${randomBytes(6).toString("hex")}`;
  await withClient(server, (client) =>
    client.query(`CREATE DATABASE "${name}" TEMPLATE "${process.env[TEMPLATE_ENV]}"`),
  );
  const url = databaseUrl(server, name);
  Object.assign(process.env, {
    DATABASE_URL: url,
    AUTH_SECRET: TEST_AUTH_SECRET,
    APP_URL: "http://triplock.test",
    BCRYPT_COST: "4",
    // The log of the workflows is tested on its own (lib/server/log.test.ts).
    LOG_LEVEL: "silent",
    ...env,
  });
  afterAll(async () => {
    await db().$disconnect();
    await withClient(server, (client) => client.query(`DROP DATABASE "${name}" WITH (FORCE)`));
  });
  return url;
}

/** A request from a client of its own, so per-client limits of one test do not touch another. */
export function client(label = "test"): RequestContext {
  const n = randomBytes(2);
  return { ip: `198.18.${n[0]}.${n[1]}`, userAgent: `vitest (${label})` };
}

export function uniqueEmail(label = "user"): string {
  return `${label}-${randomBytes(5).toString("hex")}@example.com`;
}

const sent: OutgoingEmail[] = [];
const capture: Transport = {
  async send(message) {
    sent.push(message);
    return `captured-${sent.length}`;
  },
};

// One delivery at a time: two at once would each skip what the other has claimed but not yet
// sent, and one of them would return before a mail it waits for was captured.
let delivering: Promise<unknown> = Promise.resolve();

/**
 * Does what the worker would do next: answers link requests, then sends queued mail into
 * this file's capture. Returns everything sent so far, oldest first.
 */
export function deliverMail(): Promise<OutgoingEmail[]> {
  const delivery = delivering.then(async () => {
    await answerLinkRequests(linkIssuers);
    await drainOutbox(capture);
    return sent;
  });
  delivering = delivery.catch(() => undefined);
  return delivery;
}

/** Every mail sent to `to` whose subject matches, oldest first, after delivering what is queued. */
export async function mailsTo(to: string, subject: RegExp): Promise<OutgoingEmail[]> {
  return (await deliverMail()).filter((m) => m.to === to && subject.test(m.subject));
}

/** The newest mail to `to` whose subject matches, after delivering what is queued. */
export async function lastMail(to: string, subject: RegExp): Promise<OutgoingEmail> {
  const mail = (await mailsTo(to, subject)).at(-1);
  if (!mail) throw new Error(`No mail "${subject}" to ${to}`);
  return mail;
}

export const tokenIn = (mail: OutgoingEmail) => /[?&]token=([\w-]+)/.exec(mail.text)![1]!;
export const codeIn = (mail: OutgoingEmail) => /code: (\d+)/i.exec(mail.text)![1]!;

/**
 * The error a workflow refused with; fails the test when it succeeded, threw anything else,
 * or (when `expected` is given) answered with another status, code or message.
 */
export async function failure(
  promise: Promise<unknown>,
  expected?: { status: number; code: ProblemCode; message?: string },
): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  const { status, code, message } = error as AppError;
  if (expected) expect({ status, code, message }).toEqual({ message, ...expected });
  return error as AppError;
}

/** Starts a sign-up; returns the link token and the code its confirmation mail carries. */
export async function pendingSignup(email = uniqueEmail(), password = STRONG_PASSWORD) {
  await requestSignup(signupRequest.parse({ email, password }), client());
  const mail = await lastMail(email, SUBJECT.signup);
  return { email, password, token: tokenIn(mail), code: codeIn(mail) };
}

export interface Account extends Activated {
  id: string;
}

/** An ACTIVE account, signed up and confirmed through its link. */
export async function activeAccount(
  email = uniqueEmail(),
  password = STRONG_PASSWORD,
): Promise<Account> {
  const { token } = await pendingSignup(email, password);
  const activation = await confirmSignup(token, password, client());
  return {
    id: activation.user.id,
    email,
    password,
    secret: activation.totp.secret,
    recoveryCodes: activation.recoveryCodes,
  };
}

/** Asks for a login link for `email` and returns the mail it brings. */
export async function loginMail(email: string): Promise<OutgoingEmail> {
  await requestLogin(email, client());
  return lastMail(email, SUBJECT.login);
}

/** A user row and nothing more, for the mechanisms that only need an owner for what they store. */
export function userRow(status: "PENDING" | "ACTIVE" = "ACTIVE") {
  return db().user.create({ data: { email: uniqueEmail(), passwordHash: "unused", status } });
}

/**
 * Opens every connection of the pool (lib/server/database-url.ts: 10) before a race, so the
 * racers run at once instead of one after another while new connections are set up.
 */
export async function openPool(connections = 10): Promise<void> {
  await Promise.all(
    Array.from({ length: connections }, () => db().$executeRaw`SELECT pg_sleep(0.05)`),
  );
}

/**
 * Starts every racer at once, on an open pool. Each one that loses must be refused by the
 * workflow (an AppError), never by the database; `refusals` reads "410 token_used".
 */
export async function race<T>(racers: () => Promise<T>[]) {
  await openPool();
  const results = await Promise.allSettled(racers());
  const won = results.flatMap((r, i) => (r.status === "fulfilled" ? [{ i, value: r.value }] : []));
  const lost = results.flatMap((r) => (r.status === "rejected" ? [r.reason as unknown] : []));
  for (const reason of lost) expect(reason).toBeInstanceOf(AppError);
  const refusals = (lost as AppError[]).map((e) => `${e.status} ${e.code}`);
  return { won, refusals };
}

const after = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

/** Runs `a`, and `b` `offset` ms later (earlier when `offset` is negative); settles both. */
export function staggered<A, B>(offset: number, a: () => Promise<A>, b: () => Promise<B>) {
  return Promise.allSettled([after(-offset).then(a), after(offset).then(b)]);
}

/**
 * Races two requests at many offsets (`round` starts the second one `offset` ms after the
 * first, and checks the outcome its order must have). Far apart the order is plain; the
 * rounds that can break an invariant are those where the two overlap, so this searches
 * for the offset where the winner changes and races there, several times. `orders` names
 * the winner when the second request starts well before, then well after, the first.
 */
export async function crossover<W extends string>(
  orders: [early: W, late: W],
  round: (offset: number) => Promise<W>,
): Promise<void> {
  const seen = new Set<W>();
  const run = async (offset: number) => {
    const winner = await round(offset);
    seen.add(winner);
    return winner;
  };
  // Wider apart on a slow machine, until each order has happened once.
  let [early, late] = [-100, 100];
  while ((await run(early)) !== orders[0] && early > -3200) early *= 4;
  while ((await run(late)) !== orders[1] && late < 3200) late *= 4;
  for (let i = 0; i < 6; i++) {
    const middle = (early + late) / 2;
    if ((await run(middle)) === orders[1]) late = middle;
    else early = middle;
  }
  for (let i = 0; i < 6; i++) await run(early + ((late - early) * i) / 5);
  expect([...seen].sort(), "both orders must have happened").toEqual([...orders].sort());
}

/**
 * spendTotp as a flow calls it, with the user's state read first; here without the lock a
 * flow would hold, so only spendTotp's own guard stands between two concurrent uses.
 */
export async function spendTotpOf(
  userId: string,
  code: string,
  tx: Prisma.TransactionClient = db(),
): Promise<boolean> {
  const user = await tx.user.findUniqueOrThrow({
    where: { id: userId },
    select: { id: true, totpSecret: true, totpLastStep: true, lastLoginAt: true },
  });
  return spendTotp(tx, user, code);
}

/** Whether `password` is the account's password now. */
export async function passwordIs(account: { id: string }, password: string): Promise<boolean> {
  const { passwordHash } = await db().user.findUniqueOrThrow({ where: { id: account.id } });
  return verifyPassword(password, passwordHash);
}
