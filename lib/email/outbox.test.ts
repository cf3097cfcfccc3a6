// Threat: mail lost, sent twice or for a rolled-back change, or left readable once sent or expired.
import { afterEach, describe, expect, it, vi } from "vitest";
import { freshDatabase, openPool, uniqueEmail, userRow } from "../../e2e/support/in-process";
import { db } from "../server/db";
import { log } from "../server/log";
import { backoffSeconds, drainOutbox, enqueueEmail, transactionWithMail } from "./outbox";
import type { OutgoingEmail, Transport } from "./transport";

await freshDatabase();

const warn = vi.spyOn(log(), "warn");
afterEach(() => warn.mockClear());

/** A provider that is down while `down` says so, and otherwise keeps what it is sent. */
function provider(down = () => false) {
  const sent: OutgoingEmail[] = [];
  let calls = 0;
  const transport: Transport = {
    async send(message) {
      calls += 1;
      if (down()) throw new Error("provider unavailable");
      sent.push(message);
      return `provider-${sent.length}`;
    },
  };
  return { transport, sent, calls: () => calls };
}

let counter = 0;
/** Queues one message carrying a "link", as a workflow would; returns its row. */
async function queued(to = uniqueEmail(), lifetimeMs = 30 * 60_000) {
  counter += 1;
  const text = `Open http://triplock.test/login/verify?token=secret-token-${counter}`;
  await transactionWithMail((tx) =>
    enqueueEmail(
      tx,
      to,
      { subject: `Message ${counter}`, text, html: `<p>${text}</p>` },
      new Date(Date.now() + lifetimeMs),
    ),
  );
  const row = await db().emailMessage.findFirstOrThrow({
    where: { to },
    orderBy: { createdAt: "desc" },
  });
  return { row, text };
}

const stored = (id: string) => db().emailMessage.findUnique({ where: { id } });
/**
 * Runs one drain and says how many seconds after it the message's next attempt falls: as a
 * range, since the attempt happened somewhere between the start and the end of the drain.
 */
async function retryDelay(id: string, via: Transport) {
  const start = Date.now();
  const due = await drainOutbox(via);
  const end = Date.now();
  const { nextAttemptAt } = (await stored(id))!;
  const at = nextAttemptAt.getTime();
  return { due, from: (at - end) / 1000, to: (at - start) / 1000 };
}
/** Expects the delay, known within the drain's duration, to be `seconds`. */
function expectDelay(delay: { from: number; to: number }, seconds: number) {
  expect(delay.from).toBeLessThanOrEqual(seconds);
  expect(delay.to).toBeGreaterThanOrEqual(seconds - 0.01);
}
/** Moves the clock of one message on to its next attempt, rather than waiting for it. */
const dueNow = (id: string) =>
  db().emailMessage.update({ where: { id }, data: { nextAttemptAt: new Date(Date.now() - 1) } });

describe("backoffSeconds", () => {
  it("doubles from 2 s, up to 5 minutes, never more than a quarter of the time left, never under 1 s", () => {
    expect([1, 2, 3, 4].map((a) => backoffSeconds(a, 3600))).toEqual([2, 4, 8, 16]);
    expect(backoffSeconds(12, 3600)).toBe(300);
    expect(backoffSeconds(8, 100)).toBe(25);
    expect(backoffSeconds(1, 2)).toBe(1);
  });
});

describe("drainOutbox", () => {
  it("sends a committed message once, then erases its body; the body is encrypted until then", async () => {
    const mail = provider();
    const user = await userRow();
    const { row, text } = await queued(user.email);
    expect(row.body).not.toContain("secret-token");
    expect(row.status).toBe("QUEUED");

    await drainOutbox(mail.transport);
    await drainOutbox(mail.transport);
    expect(mail.sent.map((m) => [m.id, m.to, m.text])).toEqual([[row.id, user.email, text]]);
    expect(await stored(row.id)).toMatchObject({
      status: "SENT",
      body: null,
      providerId: "provider-1",
      attempts: 1,
      sentAt: expect.any(Date),
      lastError: null,
    });
  });

  it("sends nothing for a transaction that rolled back", async () => {
    const to = uniqueEmail();
    const rolledBack = transactionWithMail(async (tx) => {
      await enqueueEmail(tx, to, { subject: "Never", text: "never", html: "<p>never</p>" });
      throw new Error("the change failed");
    });
    await expect(rolledBack).rejects.toThrow("the change failed");
    const mail = provider();
    await drainOutbox(mail.transport);
    expect(mail.sent.filter((m) => m.to === to)).toEqual([]);
    expect(await db().emailMessage.count({ where: { to } })).toBe(0);
  });

  it("forgets mail to an address that has no account once it is sent", async () => {
    const mail = provider();
    const { row } = await queued(uniqueEmail("deleted"));
    await drainOutbox(mail.transport);
    expect(mail.sent.map((m) => m.id)).toContain(row.id);
    expect(await stored(row.id)).toBeNull();
  });

  it("records more than a batch of messages each as it went: sent with its own provider id, refused, or forgotten", async () => {
    const users = await Promise.all(Array.from({ length: 12 }, () => userRow()));
    const refused = users[5]!.email;
    const rows = [];
    for (const { email } of users) rows.push((await queued(email)).row);
    const gone = (await queued(uniqueEmail("deleted"))).row;
    const providerIds = new Map<string, string>();
    const transport: Transport = {
      async send(message) {
        if (message.to === refused) throw new Error("mailbox refused");
        const providerId = `provider-${message.id}`;
        providerIds.set(message.id, providerId);
        return providerId;
      },
    };

    await drainOutbox(transport);
    for (const row of rows) {
      const after = (await stored(row.id))!;
      if (row.to === refused) {
        expect(after).toMatchObject({ status: "QUEUED", lastError: "mailbox refused" });
        expect(after.body).not.toBeNull();
      } else {
        expect(after).toMatchObject({ status: "SENT", body: null, attempts: 1 });
        expect(after.providerId).toBe(providerIds.get(row.id));
      }
    }
    expect(providerIds.has(gone.id)).toBe(true);
    expect(await stored(gone.id)).toBeNull();
    // Its retry would be the next one due in the tests below, which expect their own.
    await db().emailMessage.deleteMany({ where: { to: refused } });
  });

  it("retries a failed send with backoff (2 s, then 4 s), keeping the body, and delivers once the provider is back", async () => {
    let down = true;
    const mail = provider(() => down);
    const { row, text } = await queued((await userRow()).email);

    const first = await retryDelay(row.id, mail.transport);
    const failed = (await stored(row.id))!;
    expect(failed).toMatchObject({
      status: "QUEUED",
      attempts: 1,
      lastError: "provider unavailable",
    });
    expect(failed.body).not.toBeNull();
    expectDelay(first, 2);
    expect(first.due).toEqual(failed.nextAttemptAt);
    expect(warn).toHaveBeenCalledWith(
      expect.objectContaining({ emailId: row.id, err: "provider unavailable" }),
      "email not sent",
    );

    // Nothing is tried before it is due; once due (the worker sleeps until `due`), it is.
    await drainOutbox(mail.transport);
    expect(mail.calls()).toBe(1);
    await dueNow(row.id);
    const second = await retryDelay(row.id, mail.transport);
    expect(mail.calls()).toBe(2);
    expect((await stored(row.id))!.attempts).toBe(2);
    expectDelay(second, 4);

    down = false;
    await dueNow(row.id);
    await drainOutbox(mail.transport);
    await drainOutbox(mail.transport);
    expect(mail.sent.map((m) => m.text)).toEqual([text]);
    expect(await stored(row.id)).toMatchObject({ status: "SENT", body: null, attempts: 3 });
  });

  it("retries sooner when the link expires soon, and gives up once it has expired, erasing the body", async () => {
    const mail = provider(() => true);
    const { row } = await queued(uniqueEmail(), 6_000);
    // A quarter of the six seconds left, not the usual 2 s.
    expect((await retryDelay(row.id, mail.transport)).from).toBeLessThanOrEqual(1.5);

    await db().emailMessage.update({
      where: { id: row.id },
      data: { expiresAt: new Date(Date.now() - 1), nextAttemptAt: new Date(Date.now() - 1) },
    });
    expect(await drainOutbox(mail.transport)).toBeNull();
    expect(mail.calls()).toBe(1);
    const expired = (await stored(row.id))!;
    expect(expired).toMatchObject({ status: "FAILED", body: null, attempts: 1 });
    expect(expired.lastError).toMatch(/expired before it could be delivered/);
  });

  it("sends each message once when several instances drain at the same time", async () => {
    const rows = await Promise.all(Array.from({ length: 25 }, () => queued()));
    const mail = provider();
    const slow: Transport = {
      async send(message) {
        await new Promise((r) => setTimeout(r, 5));
        return mail.transport.send(message);
      },
    };
    await openPool();
    await Promise.all([1, 2, 3].map(() => drainOutbox(slow)));
    const ids = mail.sent.map((m) => m.id);
    expect(ids.toSorted()).toEqual(rows.map((r) => r.row.id).toSorted());
  });
});
