// Threat: a TOTP code accepted twice: again, after a later step, or by two concurrent requests.
import { describe, expect, it } from "vitest";
import { freshDatabase, openPool, spendTotpOf, userRow } from "../../../e2e/support/in-process";
import { wrongTotp } from "../../../e2e/support/totp";
import { db } from "../../server/db";
import { sealTotpSecret } from "./authenticator";
import { currentTotp, newTotpSecret, TOTP_PERIOD_SECONDS } from "./totp";

await freshDatabase();

/** A user with an authenticator, and the code its app shows at a step from now (0, ±1). */
async function enrolled() {
  const secret = newTotpSecret();
  const user = await userRow();
  await db().user.update({ where: { id: user.id }, data: { totpSecret: sealTotpSecret(secret) } });
  const now = Math.floor(Date.now() / 1000 / TOTP_PERIOD_SECONDS);
  const codeAt = (offset: number) => currentTotp(secret, (now + offset) * TOTP_PERIOD_SECONDS);
  const lastStep = async () =>
    (await db().user.findUniqueOrThrow({ where: { id: user.id } })).totpLastStep;
  return { id: user.id, secret, now, codeAt, lastStep };
}

describe("spendTotp", () => {
  it("accepts a code once and records its step; the same code again is refused", async () => {
    const user = await enrolled();
    const code = await user.codeAt(0);
    expect(await spendTotpOf(user.id, code)).toBe(true);
    expect(await user.lastStep()).toBeGreaterThanOrEqual(user.now);
    expect(await spendTotpOf(user.id, code)).toBe(false);
  });

  it("refuses an earlier step once a later one is spent, and takes a later one after an earlier", async () => {
    const user = await enrolled();
    expect(await spendTotpOf(user.id, await user.codeAt(0))).toBe(true);
    expect(await spendTotpOf(user.id, await user.codeAt(1))).toBe(true);
    expect(await user.lastStep()).toBe(user.now + 1);
    expect(await spendTotpOf(user.id, await user.codeAt(0))).toBe(false);
    expect(await spendTotpOf(user.id, await user.codeAt(-1))).toBe(false);
    expect(await user.lastStep()).toBe(user.now + 1);
  });

  it("refuses a wrong or malformed code, and a user without an authenticator, recording nothing", async () => {
    const user = await enrolled();
    for (const code of [await wrongTotp(user.secret), "12345", "abcdef", ""]) {
      expect(await spendTotpOf(user.id, code)).toBe(false);
    }
    expect(await user.lastStep()).toBeNull();
    const bare = await userRow();
    expect(await spendTotpOf(bare.id, await user.codeAt(0))).toBe(false);
    // Another user's code is not this user's.
    const other = await enrolled();
    const theirs = await other.codeAt(0);
    if (theirs !== (await user.codeAt(0))) expect(await spendTotpOf(user.id, theirs)).toBe(false);
    expect(await spendTotpOf(user.id, await user.codeAt(0))).toBe(true);
  });

  it("lets exactly one of 20 concurrent requests with the same code pass", async () => {
    const user = await enrolled();
    const code = await user.codeAt(0);
    await openPool();
    const results = await Promise.all(Array.from({ length: 20 }, () => spendTotpOf(user.id, code)));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await user.lastStep()).not.toBeNull();
  });

  it("spends nothing when the transaction it ran in is rolled back", async () => {
    const user = await enrolled();
    const code = await user.codeAt(0);
    const rolledBack = db().$transaction(async (tx) => {
      expect(await spendTotpOf(user.id, code, tx)).toBe(true);
      throw new Error("the login failed after all");
    });
    await expect(rolledBack).rejects.toThrow("the login failed after all");
    expect(await user.lastStep()).toBeNull();
    expect(await spendTotpOf(user.id, code)).toBe(true);
  });

  it("keeps the key sealed at rest", async () => {
    const user = await enrolled();
    const stored = (await db().user.findUniqueOrThrow({ where: { id: user.id } })).totpSecret!;
    expect(stored).not.toContain(user.secret);
    expect(stored).not.toContain(user.secret.slice(0, 8));
    // Sealed twice, the same key gives two different ciphertexts (a fresh nonce each time).
    expect(sealTotpSecret(user.secret)).not.toBe(stored);
  });
});
