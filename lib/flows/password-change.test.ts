// Threat: someone holding a session (a stolen token, an unlocked laptop) changes the password without knowing the factors, guesses them without limit, or keeps their session alive through the owner's change.
import { describe, expect, it } from "vitest";
import {
  activeAccount,
  client,
  failure,
  freshDatabase,
  mailsTo,
  STRONG_PASSWORD as PASSWORD,
  passwordIs,
  type Account,
} from "../../e2e/support/in-process";
import { nextTotp, wrongTotp } from "../../e2e/support/totp";
import { createSession } from "../auth/sessions";
import { db } from "../server/db";
import { changePassword } from "./password-change";

const FAILURES_PER_ACCOUNT = 4;
await freshDatabase({ LOGIN_FAILURES_PER_ACCOUNT: String(FAILURES_PER_ACCOUNT) });

const NEW_PASSWORD = `${PASSWORD} renewed`;
const NOTICE = /^Your Triplock password was changed$/;

/** The account signed in three times: the session making the change, and two others. */
async function signedIn(account: Account) {
  const [current, ...others] = await Promise.all(
    (["API", "BROWSER", "API"] as const).map((kind) =>
      createSession(db(), account.id, kind, client()),
    ),
  );
  return { current: current!.id, others: others.map((s) => s.id) };
}

const sessionIds = async (account: Account) =>
  (await db().session.findMany({ where: { userId: account.id } })).map((s) => s.id).sort();

const notices = (email: string) => mailsTo(email, NOTICE);

describe("changePassword", () => {
  it("with the current password and a TOTP code: sets the new one, ends the other sessions, keeps this one, mails a notice", async () => {
    const account = await activeAccount();
    const { current, others } = await signedIn(account);
    expect(await sessionIds(account)).toHaveLength(3);
    const message = await changePassword(
      account.id,
      current,
      {
        currentPassword: PASSWORD,
        totp: await nextTotp(account.secret),
        newPassword: NEW_PASSWORD,
      },
      client(),
    );
    expect(message).toMatch(/every other session signed out/);
    expect(await passwordIs(account, NEW_PASSWORD)).toBe(true);
    expect(await sessionIds(account)).toEqual([current]);
    expect(others).toHaveLength(2);
    expect(await notices(account.email)).toHaveLength(1);
  });

  it("refuses a wrong current password, a wrong TOTP code and a spent recovery code alike, and changes nothing", async () => {
    const account = await activeAccount();
    const { current } = await signedIn(account);
    const [used, unused] = account.recoveryCodes as [string, string];
    await changePassword(
      account.id,
      current,
      { currentPassword: PASSWORD, recoveryCode: used, newPassword: PASSWORD },
      client(),
    );
    const before = await sessionIds(account);
    const attempts = [
      { currentPassword: "not the password", recoveryCode: unused },
      { currentPassword: PASSWORD, totp: await wrongTotp(account.secret) },
      { currentPassword: PASSWORD, recoveryCode: used },
    ];
    const refusals = [];
    for (const attempt of attempts) {
      const error = await failure(
        changePassword(account.id, current, { ...attempt, newPassword: NEW_PASSWORD }, client()),
      );
      refusals.push([error.status, error.code, error.message]);
    }
    expect(refusals).toHaveLength(3);
    expect(refusals[0]).toEqual([401, "invalid_credentials", expect.any(String)]);
    expect(new Set(refusals.map((r) => JSON.stringify(r))).size).toBe(1);
    expect(await passwordIs(account, PASSWORD)).toBe(true);
    expect(await sessionIds(account)).toEqual(before);
    expect(await notices(account.email)).toHaveLength(1);
    // The recovery code offered with the wrong password was not spent.
    await changePassword(
      account.id,
      current,
      { currentPassword: PASSWORD, recoveryCode: unused, newPassword: NEW_PASSWORD },
      client(),
    );
    expect(await passwordIs(account, NEW_PASSWORD)).toBe(true);
  });

  it("refuses a common new password, naming newPassword, before any factor is checked", async () => {
    const account = await activeAccount();
    const { current } = await signedIn(account);
    const change = {
      currentPassword: PASSWORD,
      recoveryCode: account.recoveryCodes[0]!,
      newPassword: "password123",
    };
    // More refusals than the failure budget: none of them counts as a failed check.
    for (let i = 0; i <= FAILURES_PER_ACCOUNT; i++) {
      const weak = await failure(changePassword(account.id, current, change, client()));
      expect([weak.status, weak.code]).toEqual([400, "weak_password"]);
      expect(Object.keys(weak.fieldErrors ?? {})).toEqual(["newPassword"]);
    }
    await changePassword(account.id, current, { ...change, newPassword: NEW_PASSWORD }, client());
    expect(await passwordIs(account, NEW_PASSWORD)).toBe(true);
  });

  it(`locks after ${FAILURES_PER_ACCOUNT} failures (429 with Retry-After), even for the right factors`, async () => {
    const account = await activeAccount();
    const { current } = await signedIn(account);
    const right = {
      currentPassword: PASSWORD,
      recoveryCode: account.recoveryCodes[0]!,
      newPassword: NEW_PASSWORD,
    };
    for (let i = 0; i < FAILURES_PER_ACCOUNT; i++) {
      const error = await failure(
        changePassword(account.id, current, { ...right, currentPassword: `wrong ${i}` }, client()),
      );
      expect(error.code).toBe("invalid_credentials");
    }
    const locked = await failure(changePassword(account.id, current, right, client()));
    expect([locked.status, locked.code]).toEqual([429, "rate_limited"]);
    expect(locked.retryAfterSeconds).toBeGreaterThan(0);
    expect(locked.retryAfterSeconds).toBeLessThanOrEqual(900);
    expect(await passwordIs(account, PASSWORD)).toBe(true);
  });
});
