// Threat: a log line or a count that says a change was made when its transaction rolled
// back (a login logged as succeeded whose session was never stored).
import { expect, it } from "vitest";
import { freshDatabase } from "../../e2e/support/in-process";
import { db, onCommit, transaction } from "./db";

await freshDatabase();

it("runs what a transaction asked for once it commits, and never when it rolls back", async () => {
  const ran: string[] = [];
  await transaction(async (tx) => {
    onCommit(tx, () => ran.push("committed"));
    await tx.$executeRaw`SELECT 1`;
    expect(ran).toEqual([]);
  });
  expect(ran).toEqual(["committed"]);

  const rolledBack = transaction(async (tx) => {
    onCommit(tx, () => ran.push("rolled back"));
    throw new Error("undone");
  });
  await expect(rolledBack).rejects.toThrow("undone");
  expect(ran).toEqual(["committed"]);

  // Outside a transaction a statement is committed as it runs.
  onCommit(db(), () => ran.push("no transaction"));
  expect(ran).toEqual(["committed", "no transaction"]);
});
