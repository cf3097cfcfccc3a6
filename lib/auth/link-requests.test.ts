// Threat: a login request answered twice, never, or out of order when app instances share the work.
import { describe, expect, it } from "vitest";
import { client, freshDatabase, openPool, uniqueEmail } from "../../e2e/support/in-process";
import type { Prisma } from "../generated/prisma/client";
import { db } from "../server/db";
import {
  answerLinkRequests,
  recordLinkRequest,
  type LinkIssuers,
  type RequestedLink,
} from "./link-requests";

await freshDatabase();

/** An issuer that records whom it was asked to mail, in its transaction's own table. */
function recording(fail?: (email: string) => boolean) {
  const asked: string[] = [];
  const issuers: LinkIssuers = {
    async LOGIN(tx: Prisma.TransactionClient, { email }: RequestedLink) {
      // A little work inside the claim's transaction, so concurrent passes overlap.
      await tx.$executeRaw`SELECT pg_sleep(0.002)`;
      if (fail?.(email)) throw new Error(`could not mail ${email}`);
      asked.push(email);
    },
  };
  return { asked, issuers };
}

async function recorded(n: number) {
  const emails = Array.from({ length: n }, (_, i) => uniqueEmail(`request${i}`));
  for (const email of emails) await recordLinkRequest("LOGIN", email, client());
  return emails;
}

const waiting = () => db().linkRequest.count();

describe("recordLinkRequest", () => {
  it("records one row with the purpose and the address, whether or not it has an account", async () => {
    const [address] = await recorded(1);
    const rows = await db().linkRequest.findMany({ where: { email: address } });
    expect(rows.map((r) => [r.purpose, r.email])).toEqual([["LOGIN", address]]);
    expect(await db().user.count({ where: { email: address } })).toBe(0);
    await answerLinkRequests(recording().issuers);
  });
});

describe("answerLinkRequests", () => {
  it("answers every request once, oldest first, over several batches, and leaves none behind", async () => {
    const emails = await recorded(45);
    const { asked, issuers } = recording();
    expect(await answerLinkRequests(issuers)).toBe(45);
    expect(asked).toEqual(emails);
    expect(await waiting()).toBe(0);
    expect(await answerLinkRequests(issuers)).toBe(0);
  });

  it("shares the work between concurrent passes (several instances) without answering any twice", async () => {
    const emails = await recorded(60);
    const { asked, issuers } = recording();
    await openPool();
    const answered = await Promise.all([1, 2, 3].map(() => answerLinkRequests(issuers)));
    expect(answered.reduce((a, b) => a + b, 0)).toBe(60);
    expect(asked.toSorted()).toEqual(emails.toSorted());
    expect(await waiting()).toBe(0);
  });

  it("keeps a batch whose answer failed for the next pass, and answers it then", async () => {
    const emails = await recorded(3);
    let down = true;
    const failing = recording(() => down);
    await expect(answerLinkRequests(failing.issuers)).rejects.toThrow(/could not mail/);
    expect(await waiting()).toBe(3);

    down = false;
    expect(await answerLinkRequests(failing.issuers)).toBe(3);
    expect(failing.asked).toEqual(emails);
  });

  it("refuses a purpose nobody issues links for, and keeps its request", async () => {
    await recorded(1);
    await expect(answerLinkRequests({})).rejects.toThrow(/No link is issued on request for LOGIN/);
    expect(await waiting()).toBe(1);
    await answerLinkRequests(recording().issuers);
  });
});
