// Threat: taking an account with its mailbox alone, by guessing or re-using a reset, or keeping a session (a thief's) alive through the owner's reset.
import { describe, expect, it } from "vitest";
import {
  activeAccount,
  client,
  codeIn,
  deliverMail,
  failure,
  freshDatabase,
  lastMail,
  mailsTo,
  STRONG_PASSWORD as PASSWORD,
  passwordIs,
  tokenIn,
  uniqueEmail,
} from "../../e2e/support/in-process";
import { nextTotp, wrongTotp } from "../../e2e/support/totp";
import { createSession } from "../auth/sessions";
import { db } from "../server/db";
import { requestPasswordReset, resetPassword } from "./password-reset";
import { requestSignup } from "./signup";

await freshDatabase();

const NEW_PASSWORD = `${PASSWORD} renewed`;
const RESET = /^Reset your Triplock password$/;
const NOTICE = /^Your Triplock password was reset$/;

async function resetMail(email: string) {
  await requestPasswordReset(email, client());
  return lastMail(email, RESET);
}

const notices = (email: string) => mailsTo(email, NOTICE);

describe("requestPasswordReset", () => {
  it("answers every address alike, and mails a link and a code only to an active account", async () => {
    const active = await activeAccount();
    const pending = uniqueEmail("pending");
    await requestSignup({ email: pending, password: PASSWORD, name: undefined }, client());
    const unknown = uniqueEmail("unknown");
    const answers = await Promise.all(
      [active.email, pending, unknown].map(async (email) =>
        (await requestPasswordReset(email, client())).replace(email, "<email>"),
      ),
    );
    expect(new Set(answers).size).toBe(1);
    const mail = await lastMail(active.email, RESET);
    expect(mail.text).toContain("http://triplock.test/password/reset?token=");
    expect(codeIn(mail)).toMatch(/^\d{6}$/);
    const others = (await deliverMail()).filter((m) => [pending, unknown].includes(m.to));
    expect(others.map((m) => m.subject)).toEqual(["Confirm your Triplock account"]);
  });
});

describe("resetPassword", () => {
  it("by link with a TOTP code: sets the new password, ends every session and mails a notice", async () => {
    const account = await activeAccount();
    for (const kind of ["BROWSER", "API"] as const)
      await createSession(db(), account.id, kind, client());
    const token = tokenIn(await resetMail(account.email));
    const message = await resetPassword(
      { token },
      { totp: await nextTotp(account.secret) },
      NEW_PASSWORD,
      client(),
    );
    expect(message).toMatch(/every session signed out/);
    expect(await passwordIs(account, NEW_PASSWORD)).toBe(true);
    expect(await passwordIs(account, PASSWORD)).toBe(false);
    expect(await db().session.count({ where: { userId: account.id } })).toBe(0);
    expect(await notices(account.email)).toHaveLength(1);
  });

  it("by the emailed code with the address and a recovery code; the link of that mail is then used", async () => {
    const account = await activeAccount();
    const mail = await resetMail(account.email);
    await resetPassword(
      { email: account.email, code: codeIn(mail) },
      { recoveryCode: account.recoveryCodes[0]! },
      NEW_PASSWORD,
      client(),
    );
    expect(await passwordIs(account, NEW_PASSWORD)).toBe(true);
    const again = await failure(
      resetPassword(
        { token: tokenIn(mail) },
        { recoveryCode: account.recoveryCodes[1]! },
        PASSWORD,
        client(),
      ),
    );
    expect([again.status, again.code]).toEqual([410, "token_used"]);
    expect(await passwordIs(account, NEW_PASSWORD)).toBe(true);
  });

  it("refuses a wrong or spent second factor, and then spends neither the link nor anything else", async () => {
    const account = await activeAccount();
    const token = tokenIn(await resetMail(account.email));
    const [used, unused] = account.recoveryCodes as [string, string];
    await resetPassword({ token }, { recoveryCode: used }, NEW_PASSWORD, client());
    const secondToken = tokenIn(await resetMail(account.email));
    const refused = [
      { totp: await wrongTotp(account.secret) },
      { recoveryCode: used },
      { recoveryCode: (await activeAccount()).recoveryCodes[0]! },
    ];
    for (const factor of refused) {
      const error = await failure(
        resetPassword({ token: secondToken }, factor, PASSWORD, client()),
      );
      expect([error.status, error.code]).toEqual([401, "invalid_credentials"]);
    }
    expect(await passwordIs(account, NEW_PASSWORD)).toBe(true);
    await resetPassword({ token: secondToken }, { recoveryCode: unused }, PASSWORD, client());
    expect(await passwordIs(account, PASSWORD)).toBe(true);
    expect(await notices(account.email)).toHaveLength(2);
  });

  it("refuses a common new password, naming newPassword, before the link is tried", async () => {
    const account = await activeAccount();
    const token = tokenIn(await resetMail(account.email));
    const weak = await failure(
      resetPassword(
        { token },
        { recoveryCode: account.recoveryCodes[0]! },
        "password123",
        client(),
      ),
    );
    expect([weak.status, weak.code]).toEqual([400, "weak_password"]);
    expect(Object.keys(weak.fieldErrors ?? {})).toEqual(["newPassword"]);
    const row = await db().oneTimeToken.findFirstOrThrow({
      where: { userId: account.id, purpose: "PASSWORD_RESET" },
    });
    expect([row.attempts, row.consumedAt]).toEqual([0, null]);
    await resetPassword(
      { token },
      { recoveryCode: account.recoveryCodes[0]! },
      NEW_PASSWORD,
      client(),
    );
    expect(await passwordIs(account, NEW_PASSWORD)).toBe(true);
  });

  it("kills the link after 5 failures, even for the right factor; the code keeps its own budget", async () => {
    const account = await activeAccount();
    const mail = await resetMail(account.email);
    for (let i = 0; i < 5; i++) {
      const error = await failure(
        resetPassword(
          { token: tokenIn(mail) },
          { recoveryCode: `wrong-code${i}` },
          NEW_PASSWORD,
          client(),
        ),
      );
      expect(error.code).toBe("invalid_credentials");
    }
    const right = { recoveryCode: account.recoveryCodes[0]! };
    const dead = await failure(
      resetPassword({ token: tokenIn(mail) }, right, NEW_PASSWORD, client()),
    );
    expect([dead.status, dead.code]).toEqual([410, "token_invalid"]);
    expect(await passwordIs(account, PASSWORD)).toBe(true);
    await resetPassword(
      { email: account.email, code: codeIn(mail) },
      right,
      NEW_PASSWORD,
      client(),
    );
    expect(await passwordIs(account, NEW_PASSWORD)).toBe(true);
  });

  it("kills the code after 5 wrong codes, answering like an unknown address; the link still works", async () => {
    const account = await activeAccount();
    const mail = await resetMail(account.email);
    const right = { recoveryCode: account.recoveryCodes[0]! };
    const code = codeIn(mail);
    const unknown = await failure(
      resetPassword({ email: uniqueEmail(), code }, right, NEW_PASSWORD, client()),
    );
    for (let i = 1; i <= 5; i++) {
      const wrong = String((Number(code) + i) % 1_000_000).padStart(6, "0");
      await failure(
        resetPassword({ email: account.email, code: wrong }, right, NEW_PASSWORD, client()),
      );
    }
    const spent = await failure(
      resetPassword({ email: account.email, code }, right, NEW_PASSWORD, client()),
    );
    expect([spent.status, spent.code, spent.message]).toEqual([
      unknown.status,
      unknown.code,
      unknown.message,
    ]);
    expect(await passwordIs(account, PASSWORD)).toBe(true);
    await resetPassword({ token: tokenIn(mail) }, right, NEW_PASSWORD, client());
    expect(await passwordIs(account, NEW_PASSWORD)).toBe(true);
  });
});
