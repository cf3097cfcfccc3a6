// Threat: deletion that tells who has an account, leaves anything behind, or takes another kind of link.
import { describe, expect, it } from "vitest";
import {
  activeAccount,
  client,
  deliverMail,
  failure,
  freshDatabase,
  lastMail,
  loginMail,
  pendingSignup,
  SUBJECT,
  tokenIn,
  uniqueEmail,
  type Account,
} from "../../e2e/support/in-process";
import { findSession } from "../auth/sessions";
import { db } from "../server/db";
import { deletionMessages, limitMessages } from "../shared/messages";
import { confirmAccountDeletion, requestAccountDeletion } from "./account-deletion";
import { completeLogin } from "./login";

await freshDatabase({ LOGIN_FAILURES_PER_ACCOUNT: "3" });

async function signedIn(account: Account) {
  const { session } = await completeLogin(
    { token: tokenIn(await loginMail(account.email)) },
    { password: account.password, recoveryCode: account.recoveryCodes[0]! },
    "API",
    client(),
  );
  return session;
}

async function deletionLink(account: Account) {
  await requestAccountDeletion(account.email, account.password, client());
  return tokenIn(await lastMail(account.email, SUBJECT.deletion));
}

/** What the database still holds of a user, table by table. */
async function remains(userId: string) {
  const where = { where: { userId } };
  return {
    user: await db().user.count({ where: { id: userId } }),
    sessions: await db().session.count(where),
    tokens: await db().oneTimeToken.count(where),
    recoveryCodes: await db().recoveryCode.count(where),
    loginEvents: await db().securityEvent.count({
      where: { ...where.where, type: "LOGIN_SUCCEEDED" },
    }),
  };
}

describe("requestAccountDeletion", () => {
  it("answers a wrong password, an unknown address and a PENDING sign-up alike, and mails none", async () => {
    const account = await activeAccount();
    const pending = await pendingSignup();
    const unknown = uniqueEmail();
    const answers = await Promise.all(
      [
        requestAccountDeletion(account.email, "not the password", client()),
        requestAccountDeletion(unknown, account.password, client()),
        requestAccountDeletion(pending.email, pending.password, client()),
      ].map((p) => failure(p)),
    );
    for (const answer of answers) {
      expect([answer.status, answer.code, answer.message]).toEqual([
        401,
        "invalid_credentials",
        deletionMessages.wrongCredentials,
      ]);
    }
    const mailed = (await deliverMail()).filter((m) => SUBJECT.deletion.test(m.subject));
    expect(mailed.map((m) => m.to)).not.toContain(account.email);
    expect(mailed.map((m) => m.to)).not.toContain(pending.email);
    expect(mailed.map((m) => m.to)).not.toContain(unknown);
    expect(await db().oneTimeToken.count({ where: { purpose: "DELETE_ACCOUNT" } })).toBe(0);
  });

  it("counts failures in a budget of their own, known and unknown addresses alike, not login's", async () => {
    const account = await activeAccount();
    const unknown = uniqueEmail();
    for (let i = 0; i < 3; i++) {
      for (const email of [account.email, unknown]) {
        const wrong = await failure(requestAccountDeletion(email, `wrong ${i}`, client()));
        expect(wrong.code).toBe("invalid_credentials");
      }
    }
    for (const email of [account.email, unknown]) {
      const locked = await failure(requestAccountDeletion(email, account.password, client()));
      expect([locked.status, locked.code, locked.message]).toEqual([
        429,
        "rate_limited",
        limitMessages.deletion,
      ]);
    }
    expect((await signedIn(account)).token).toMatch(/^[\w-]{43}$/);
  });
});

describe("confirmAccountDeletion", () => {
  it("deletes the user and everything of theirs: sessions, links, recovery codes, login history", async () => {
    const account = await activeAccount();
    const session = await signedIn(account);
    const token = await deletionLink(account);
    expect(await remains(account.id)).toEqual({
      user: 1,
      sessions: 1,
      tokens: 3,
      recoveryCodes: 10,
      loginEvents: 1,
    });
    expect(await findSession(session.token)).not.toBeNull();

    await confirmAccountDeletion(token, client());
    expect(await remains(account.id)).toEqual({
      user: 0,
      sessions: 0,
      tokens: 0,
      recoveryCodes: 0,
      loginEvents: 0,
    });
    expect(await findSession(session.token)).toBeNull();
    // The address is free again.
    await pendingSignup(account.email);
  });

  it("leaves no record of the mail sent to the address once the deletion notice is out", async () => {
    const account = await activeAccount();
    await signedIn(account);
    const token = await deletionLink(account);
    await deliverMail();
    expect(await db().emailMessage.count({ where: { to: account.email } })).toBeGreaterThanOrEqual(
      4,
    );

    await confirmAccountDeletion(token, client());
    const queued = await db().emailMessage.findMany({ where: { to: account.email } });
    expect(queued.map((m) => [m.subject, m.status])).toEqual([
      ["Your Triplock account has been deleted", "QUEUED"],
    ]);
    await lastMail(account.email, SUBJECT.deleted);
    expect(await db().emailMessage.count({ where: { to: account.email } })).toBe(0);
  });

  it("works once, and refuses a link of another purpose", async () => {
    const account = await activeAccount();
    const login = tokenIn(await loginMail(account.email));
    const wrongPurpose = await failure(confirmAccountDeletion(login, client()));
    expect([wrongPurpose.status, wrongPurpose.code]).toEqual([410, "token_invalid"]);
    expect((await remains(account.id)).user).toBe(1);

    const token = await deletionLink(account);
    await confirmAccountDeletion(token, client());
    const again = await failure(confirmAccountDeletion(token, client()));
    expect(again.status).toBe(410);
  });
});
