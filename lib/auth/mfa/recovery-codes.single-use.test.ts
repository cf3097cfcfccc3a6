// Threat: a recovery code accepted twice (again, concurrently, after replacement) or for another account.
import { describe, expect, it } from "vitest";
import { freshDatabase, openPool, userRow } from "../../../e2e/support/in-process";
import { db } from "../../server/db";
import { replaceRecoveryCodes, spendRecoveryCode } from "./recovery-codes";

await freshDatabase();

async function withCodes() {
  const { id } = await userRow();
  const codes = await db().$transaction((tx) => replaceRecoveryCodes(tx, id));
  const used = () => db().recoveryCode.count({ where: { userId: id, usedAt: { not: null } } });
  return { id, codes, used };
}

describe("spendRecoveryCode", () => {
  it("takes each code once, however it is typed", async () => {
    const user = await withCodes();
    const [first, second] = user.codes as [string, string];
    expect(await spendRecoveryCode(user.id, first)).toBe(true);
    expect(await user.used()).toBe(1);
    for (const again of [first, first.toUpperCase(), first.replace("-", ""), ` ${first} `]) {
      expect(await spendRecoveryCode(user.id, again)).toBe(false);
    }
    expect(await spendRecoveryCode(user.id, second.toUpperCase().replace("-", " "))).toBe(true);
    expect(await user.used()).toBe(2);
  });

  it("refuses another account's code, and a code that was never issued, spending nothing", async () => {
    const [mine, theirs] = await Promise.all([withCodes(), withCodes()]);
    expect(await spendRecoveryCode(mine.id, theirs.codes[0]!)).toBe(false);
    expect(await spendRecoveryCode(mine.id, "abcde-fghjk")).toBe(false);
    expect(await mine.used()).toBe(0);
    expect(await theirs.used()).toBe(0);
    expect(await spendRecoveryCode(theirs.id, theirs.codes[0]!)).toBe(true);
  });

  it("lets exactly one of 20 concurrent requests with the same code pass", async () => {
    const user = await withCodes();
    await openPool();
    const results = await Promise.all(
      Array.from({ length: 20 }, () => spendRecoveryCode(user.id, user.codes[4]!)),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await user.used()).toBe(1);
  });

  it("spends nothing when the transaction it ran in is rolled back", async () => {
    const user = await withCodes();
    const rolledBack = db().$transaction(async (tx) => {
      expect(await spendRecoveryCode(user.id, user.codes[0]!, tx)).toBe(true);
      throw new Error("the login failed after all");
    });
    await expect(rolledBack).rejects.toThrow("the login failed after all");
    expect(await user.used()).toBe(0);
    expect(await spendRecoveryCode(user.id, user.codes[0]!)).toBe(true);
  });
});

describe("replaceRecoveryCodes", () => {
  it("kills the whole old set, spent or not, and stores the new one only hashed", async () => {
    const user = await withCodes();
    await spendRecoveryCode(user.id, user.codes[0]!);
    const fresh = await db().$transaction((tx) => replaceRecoveryCodes(tx, user.id));
    for (const old of user.codes.slice(1, 4))
      expect(await spendRecoveryCode(user.id, old)).toBe(false);
    const stored = await db().recoveryCode.findMany({ where: { userId: user.id } });
    expect(stored).toHaveLength(10);
    expect(stored.every((r) => r.usedAt === null)).toBe(true);
    const hashes = stored.map((r) => r.codeHash).join();
    for (const code of fresh) expect(hashes).not.toContain(code.replace("-", ""));
    expect(await spendRecoveryCode(user.id, fresh[9]!)).toBe(true);
  });
});
