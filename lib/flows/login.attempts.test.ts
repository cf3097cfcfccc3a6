// Threat: brute force on a login's code and factors, or an owner locked out by guesses at their codes.
import { describe, expect, it } from "vitest";
import {
  activeAccount,
  client,
  codeIn,
  deliverMail,
  failure,
  freshDatabase,
  loginMail,
  pendingSignup,
  tokenIn,
  uniqueEmail,
  type Account,
} from "../../e2e/support/in-process";
import { otherCode } from "../../e2e/support/login";
import { sha256 } from "../crypto/primitives";
import type { OutgoingEmail } from "../email/transport";
import { db } from "../server/db";
import { limitMessages, linkProblems, loginMessages } from "../shared/messages";
import { completeLogin, requestLogin, type LoginProof } from "./login";

await freshDatabase({ LOGIN_FAILURES_PER_ACCOUNT: "6", MAIL_PER_ADDRESS_PER_HOUR: "50" });

const byLink = (mail: OutgoingEmail): LoginProof => ({ token: tokenIn(mail) });
const byCode = (email: string, code: string): LoginProof => ({ email, code });
/** The right password and a recovery code: the second factor is not what these tests are about. */
const factors = (account: Account, i = 0, password = account.password) => ({
  password,
  recoveryCode: account.recoveryCodes[i]!,
});
const attempt = (proof: LoginProof, f: ReturnType<typeof factors>) =>
  completeLogin(proof, f, "API", client());
const loginRequest = (mail: OutgoingEmail) =>
  db().oneTimeToken.findUniqueOrThrow({ where: { tokenHash: sha256(tokenIn(mail)) } });

/** What every wrong password, code or second factor is answered with. */
const WRONG = {
  status: 401,
  code: "invalid_credentials",
  message: loginMessages.wrongFactors,
} as const;
const wrongAnswer = (promise: Promise<unknown>) => failure(promise, WRONG);

describe("the emailed code and the link have budgets of their own", () => {
  it("5 wrong codes kill the code, not the link in the owner's inbox", async () => {
    const account = await activeAccount();
    const mail = await loginMail(account.email);
    for (let i = 0; i < 5; i++) {
      await wrongAnswer(attempt(byCode(account.email, otherCode(codeIn(mail))), factors(account)));
    }
    expect(await loginRequest(mail)).toMatchObject({ attempts: 0, codeAttempts: 5 });
    // The right code is now answered like a wrong one, and like an unknown address.
    await wrongAnswer(attempt(byCode(account.email, codeIn(mail)), factors(account)));
    const ok = await attempt(byLink(mail), factors(account));
    expect(ok.user.id).toBe(account.id);
  });

  it("5 failures kill the link, even for the right factors; its code is still good", async () => {
    const account = await activeAccount();
    const mail = await loginMail(account.email);
    for (let i = 0; i < 5; i++) {
      await wrongAnswer(attempt(byLink(mail), factors(account, 0, `wrong password ${i}`)));
    }
    const dead = await failure(attempt(byLink(mail), factors(account)));
    expect([dead.status, dead.code, dead.message]).toEqual([
      410,
      "token_invalid",
      linkProblems.exhausted,
    ]);
    expect(await loginRequest(mail)).toMatchObject({ attempts: 5, codeAttempts: 0 });
    const ok = await attempt(byCode(account.email, codeIn(mail)), factors(account));
    expect(ok.user.id).toBe(account.id);
    // The failures spent no recovery code: only the success did.
    expect(
      await db().recoveryCode.count({ where: { userId: account.id, usedAt: { not: null } } }),
    ).toBe(1);
  });
});

describe("the failure budget per address", () => {
  it("is keyed by the address typed, known or unknown alike: the 7th code guess is refused for both", async () => {
    const known = await activeAccount();
    const unknown = uniqueEmail();
    const mail = await loginMail(known.email);
    const guess = (email: string) =>
      attempt(byCode(email, otherCode(codeIn(mail))), factors(known));
    for (let i = 0; i < 6; i++) {
      await wrongAnswer(guess(known.email));
      await wrongAnswer(guess(unknown));
    }
    const locked = await Promise.all([guess(known.email), guess(unknown)].map((p) => failure(p)));
    for (const refusal of locked) {
      expect([refusal.status, refusal.code, refusal.message]).toEqual([
        429,
        "rate_limited",
        limitMessages.loginCode,
      ]);
      expect(refusal.retryAfterSeconds).toBeGreaterThan(0);
    }

    // Guessing codes locks only the codes: the owner's link works, and forgives nothing there.
    const ok = await attempt(byLink(await loginMail(known.email)), factors(known));
    expect(ok.user.id).toBe(known.id);
    const fresh = await loginMail(known.email);
    expect(
      (await failure(attempt(byCode(known.email, codeIn(fresh)), factors(known, 1)))).code,
    ).toBe("rate_limited");
  });

  it("for the link is apart from the codes': a locked link budget leaves the code working", async () => {
    const account = await activeAccount();
    const first = await loginMail(account.email);
    for (let i = 0; i < 5; i++) {
      await wrongAnswer(attempt(byLink(first), factors(account, 0, `wrong password ${i}`)));
    }
    const second = await loginMail(account.email);
    await wrongAnswer(attempt(byLink(second), factors(account, 0, "wrong password 5")));
    const locked = await failure(attempt(byLink(second), factors(account)));
    expect([locked.status, locked.code, locked.message]).toEqual([
      429,
      "rate_limited",
      limitMessages.login,
    ]);
    // Refused by the lock before anything was checked: the link spent nothing on it.
    expect(await loginRequest(second)).toMatchObject({ attempts: 1, consumedAt: null });

    const ok = await attempt(byCode(account.email, codeIn(second)), factors(account));
    expect(ok.user.id).toBe(account.id);
  });
});

describe("an account that is not ACTIVE", () => {
  it("gets no login link, and its sign-up code logs nobody in", async () => {
    const pending = await pendingSignup();
    const unknown = uniqueEmail();
    const answers = [
      (await requestLogin(pending.email, client())).replace(pending.email, "<email>"),
      (await requestLogin(unknown, client())).replace(unknown, "<email>"),
    ];
    expect(answers[0]).toBe(answers[1]);
    const mails = (await deliverMail()).filter((m) => m.to === pending.email);
    expect(mails.map((m) => m.subject)).toEqual(["Confirm your Triplock account"]);
    const user = await db().user.findUniqueOrThrow({ where: { email: pending.email } });
    expect(await db().oneTimeToken.count({ where: { userId: user.id, purpose: "LOGIN" } })).toBe(0);

    await wrongAnswer(
      completeLogin(
        byCode(pending.email, pending.code),
        { password: pending.password, totp: "123456" },
        "API",
        client(),
      ),
    );
    expect(await db().session.count({ where: { userId: user.id } })).toBe(0);
  });
});
