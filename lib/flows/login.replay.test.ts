// Threat: a TOTP or recovery code replayed to log in again, or spent by a login that failed.
import { describe, expect, it } from "vitest";
import {
  activeAccount,
  client,
  failure,
  freshDatabase,
  loginMail,
  tokenIn,
} from "../../e2e/support/in-process";
import { nextTotp } from "../../e2e/support/totp";
import { sha256 } from "../crypto/primitives";
import { db } from "../server/db";
import { completeLogin, type LoginFactors } from "./login";

await freshDatabase({ MAIL_PER_ADDRESS_PER_HOUR: "50" });

async function logIn(email: string, factors: LoginFactors, token?: string) {
  return completeLogin(
    { token: token ?? tokenIn(await loginMail(email)) },
    factors,
    "API",
    client(),
  );
}

async function refused(email: string, factors: LoginFactors, link?: string) {
  const token = link ?? tokenIn(await loginMail(email));
  const error = await failure(logIn(email, factors, token));
  expect([error.status, error.code]).toEqual([401, "invalid_credentials"]);
  // The failed login did not use up the link either.
  const row = await db().oneTimeToken.findUniqueOrThrow({ where: { tokenHash: sha256(token) } });
  expect(row.consumedAt).toBeNull();
  return token;
}

const usedCodes = (userId: string) =>
  db().recoveryCode.count({ where: { userId, usedAt: { not: null } } });

describe("recovery codes", () => {
  it("log in once each: a spent code is refused, on the same link another works", async () => {
    const account = await activeAccount();
    const [first, second] = account.recoveryCodes;
    await logIn(account.email, { password: account.password, recoveryCode: first! });
    expect(await usedCodes(account.id)).toBe(1);

    const token = await refused(account.email, {
      password: account.password,
      recoveryCode: first!,
    });
    // Typed loosely (upper case, a space for the hyphen) it is still the spent code.
    await refused(
      account.email,
      { password: account.password, recoveryCode: first!.toUpperCase().replace("-", " ") },
      token,
    );
    await logIn(account.email, { password: account.password, recoveryCode: second! }, token);
    expect(await usedCodes(account.id)).toBe(2);
  });

  it("are not spent by a login whose password is wrong", async () => {
    const account = await activeAccount();
    const code = account.recoveryCodes[3]!;
    await refused(account.email, { password: "not the password", recoveryCode: code });
    expect(await usedCodes(account.id)).toBe(0);
    await logIn(account.email, { password: account.password, recoveryCode: code });
    expect(await usedCodes(account.id)).toBe(1);
  });

  it("of another account are refused", async () => {
    const [mine, theirs] = await Promise.all([activeAccount(), activeAccount()]);
    await refused(mine.email, { password: mine.password, recoveryCode: theirs.recoveryCodes[0]! });
    expect(await usedCodes(theirs.id)).toBe(0);
  });
});

describe("TOTP codes", () => {
  it("log in once: the same code is refused on a new link; a later step works", async () => {
    const account = await activeAccount();
    const totp = await nextTotp(account.secret);
    await logIn(account.email, { password: account.password, totp });
    const step = (await db().user.findUniqueOrThrow({ where: { id: account.id } })).totpLastStep;
    expect(step).not.toBeNull();

    await refused(account.email, { password: account.password, totp });
    await logIn(account.email, {
      password: account.password,
      totp: await nextTotp(account.secret),
    });
    const later = (await db().user.findUniqueOrThrow({ where: { id: account.id } })).totpLastStep;
    expect(later).toBe(step! + 1);
  });

  it("of an earlier step are refused once a later one has been used", async () => {
    const account = await activeAccount();
    const earlier = await nextTotp(account.secret);
    const later = await nextTotp(account.secret);
    await logIn(account.email, { password: account.password, totp: later });
    await refused(account.email, { password: account.password, totp: earlier });
  });

  it("are not spent by a login whose password is wrong", async () => {
    const account = await activeAccount();
    const totp = await nextTotp(account.secret);
    await refused(account.email, { password: "not the password", totp });
    expect(
      (await db().user.findUniqueOrThrow({ where: { id: account.id } })).totpLastStep,
    ).toBeNull();
    await logIn(account.email, { password: account.password, totp });
  });
});
