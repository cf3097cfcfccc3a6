// Threat: a stolen session minting recovery codes without the password and a fresh TOTP code.
import { describe, expect, it } from "vitest";
import {
  activeAccount,
  client,
  failure,
  freshDatabase,
  loginMail,
  tokenIn,
  type Account,
} from "../../e2e/support/in-process";
import { nextTotp, wrongTotp } from "../../e2e/support/totp";
import { db } from "../server/db";
import { accountMessages, limitMessages, linkProblems } from "../shared/messages";
import { completeLogin } from "./login";
import { regenerateRecoveryCodes } from "./recovery-codes";

await freshDatabase({ LOGIN_FAILURES_PER_ACCOUNT: "3" });

const regenerate = (account: Account, password: string, totp: string) =>
  regenerateRecoveryCodes(account.id, password, totp, client());

async function logInWith(account: Account, recoveryCode: string) {
  return completeLogin(
    { token: tokenIn(await loginMail(account.email)) },
    { password: account.password, recoveryCode },
    "API",
    client(),
  );
}

const storedHashes = async (userId: string) =>
  (await db().recoveryCode.findMany({ where: { userId }, orderBy: { codeHash: "asc" } })).map(
    (r) => r.codeHash,
  );

const wrongAnswer = (promise: Promise<unknown>) =>
  failure(promise, {
    status: 401,
    code: "invalid_credentials",
    message: accountMessages.wrongPasswordOrCode,
  });

describe("regenerateRecoveryCodes", () => {
  it("issues ten new codes for the password and a TOTP code; the old ones die", async () => {
    const account = await activeAccount();
    const before = await storedHashes(account.id);
    const codes = await regenerate(account, account.password, await nextTotp(account.secret));
    expect(codes).toHaveLength(10);
    expect(new Set([...codes, ...account.recoveryCodes]).size).toBe(20);
    const after = await storedHashes(account.id);
    expect(after).toHaveLength(10);
    expect(after.filter((hash) => before.includes(hash))).toEqual([]);

    const old = await failure(logInWith(account, account.recoveryCodes[0]!));
    expect(old.code).toBe("invalid_credentials");
    expect((await logInWith(account, codes[0]!)).user.id).toBe(account.id);
  });

  it("refuses a wrong password, a wrong TOTP code and a replayed one alike, and keeps the old codes", async () => {
    const account = await activeAccount();
    const before = await storedHashes(account.id);
    const spent = await nextTotp(account.secret);
    await regenerate(account, account.password, spent);
    const kept = await storedHashes(account.id);

    const totp = await nextTotp(account.secret);
    await wrongAnswer(regenerate(account, "not the password", totp));
    await wrongAnswer(regenerate(account, account.password, await wrongTotp(account.secret)));
    expect(await storedHashes(account.id)).toEqual(kept);
    expect(kept).not.toEqual(before);
    // The wrong password spent no TOTP step: the same code still works, once.
    await regenerate(account, account.password, totp);
    await wrongAnswer(regenerate(account, account.password, totp));
  });

  it("locks after LOGIN_FAILURES_PER_ACCOUNT failures, in a budget apart from login's", async () => {
    const account = await activeAccount();
    const totp = await nextTotp(account.secret);
    for (let i = 0; i < 3; i++) await wrongAnswer(regenerate(account, `wrong ${i}`, totp));
    const locked = await failure(regenerate(account, account.password, totp));
    expect([locked.status, locked.code, locked.message]).toEqual([
      429,
      "rate_limited",
      limitMessages.reauthentication,
    ]);
    expect(locked.retryAfterSeconds).toBeGreaterThan(0);
    expect((await logInWith(account, account.recoveryCodes[0]!)).user.id).toBe(account.id);
  });

  it("refuses a user that no longer exists", async () => {
    const account = await activeAccount();
    await db().user.delete({ where: { id: account.id } });
    const gone = await failure(regenerate(account, account.password, "123456"));
    expect([gone.status, gone.code, gone.message]).toEqual([
      410,
      "token_invalid",
      linkProblems.accountGone,
    ]);
  });
});
