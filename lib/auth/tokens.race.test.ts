// Threat: concurrent uses of one link or code exceeding its attempt budget, or two of them succeeding.
import { describe, expect, it } from "vitest";
import { freshDatabase, race, userRow } from "../../e2e/support/in-process";
import { sha256 } from "../crypto/primitives";
import { db } from "../server/db";
import { consume, issueToken, reserveAttempt, type Via } from "./tokens";

await freshDatabase({ TOKEN_MAX_ATTEMPTS: "5" });

// Twice the connection pool (10): the database, not the pool, has to settle who wins.
const BURST = 20;

async function liveRequest() {
  const { id } = await userRow();
  const { token } = await db().$transaction((tx) => issueToken(tx, id, "LOGIN"));
  return db().oneTimeToken.findUniqueOrThrow({ where: { tokenHash: sha256(token) } });
}

const burst = (task: () => Promise<unknown>) => race(() => Array.from({ length: BURST }, task));

describe.each<[Via, "attempts" | "codeAttempts"]>([
  ["link", "attempts"],
  ["code", "codeAttempts"],
])("reserveAttempt through the %s under a burst", (via, counter) => {
  it(`grants exactly the budget of 5 out of ${BURST}, and the rest are told it is dead`, async () => {
    const row = await liveRequest();
    const { won, refusals } = await burst(() => reserveAttempt(row, via));
    expect(won).toHaveLength(5);
    expect(refusals).toEqual(Array(BURST - 5).fill("410 token_invalid"));
    const after = await db().oneTimeToken.findUniqueOrThrow({ where: { id: row.id } });
    expect(after[counter]).toBe(5);
  });

  it(`after 4 attempts, grants exactly one more out of ${BURST}`, async () => {
    const row = await liveRequest();
    for (let i = 0; i < 4; i++) await reserveAttempt(row, via);
    const { won } = await burst(() => reserveAttempt(row, via));
    expect(won).toHaveLength(1);
    const after = await db().oneTimeToken.findUniqueOrThrow({ where: { id: row.id } });
    expect(after[counter]).toBe(5);
  });
});

describe("consume under a burst", () => {
  it(`lets exactly one of ${BURST} concurrent transactions use the request`, async () => {
    const row = await liveRequest();
    let effects = 0;
    const { won, refusals } = await burst(() =>
      db().$transaction(async (tx) => {
        await consume(tx, row);
        effects += 1;
      }),
    );
    expect(won).toHaveLength(1);
    expect(effects).toBe(1);
    expect(refusals).toEqual(Array(BURST - 1).fill("410 token_used"));
    const after = await db().oneTimeToken.findUniqueOrThrow({ where: { id: row.id } });
    expect(after.consumedAt).not.toBeNull();
  });
});
