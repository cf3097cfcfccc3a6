// Threat: one login link or code opening several sessions, or spending factors for racers that lost.
import { describe, expect, it } from "vitest";
import {
  activeAccount,
  client,
  codeIn,
  failure,
  freshDatabase,
  loginMail,
  race,
  tokenIn,
  type Account,
} from "../../e2e/support/in-process";
import { sha256 } from "../crypto/primitives";
import { db } from "../server/db";
import { completeLogin, type LoginProof } from "./login";

await freshDatabase({ LOGIN_FAILURES_PER_ACCOUNT: "100", MAIL_PER_ADDRESS_PER_HOUR: "50" });

const N = 10;

/** What the account holds after the race. */
async function holdings(account: Account) {
  const where = { where: { userId: account.id } };
  const codes = await db().recoveryCode.findMany(where);
  return {
    sessions: await db().session.count(where),
    loginEvents: await db().securityEvent.count({
      where: { ...where.where, type: "LOGIN_SUCCEEDED" },
    }),
    usedCodes: codes.filter((c) => c.usedAt !== null).length,
    signInMails: await db().emailMessage.count({
      where: { to: account.email, subject: "New sign-in to your Triplock account" },
    }),
  };
}

const withCode = (account: Account, i: number) => ({
  password: account.password,
  recoveryCode: account.recoveryCodes[i]!,
});

describe("one login request under concurrency", () => {
  it(`${N} completions of one link, each with its own recovery code: one session, one code spent`, async () => {
    const account = await activeAccount();
    const proof: LoginProof = { token: tokenIn(await loginMail(account.email)) };
    const { won, refusals } = await race(() =>
      Array.from({ length: N }, (_, i) =>
        completeLogin(proof, withCode(account, i), "API", client()),
      ),
    );
    expect(won).toHaveLength(1);
    // Losers: the link already used, or its attempts taken by the racers.
    for (const refusal of refusals)
      expect(["410 token_used", "410 token_invalid"]).toContain(refusal);
    expect(await holdings(account)).toEqual({
      sessions: 1,
      loginEvents: 1,
      usedCodes: 1,
      signInMails: 1,
    });

    // The code spent is the winner's; every loser's code still logs in.
    const spent = await db().recoveryCode.findFirstOrThrow({
      where: { userId: account.id, usedAt: { not: null } },
    });
    const loserCode = (won[0]!.i + 1) % N;
    const next = { token: tokenIn(await loginMail(account.email)) };
    await completeLogin(next, withCode(account, loserCode), "API", client());
    const stillSpent = await db().recoveryCode.findUniqueOrThrow({ where: { id: spent.id } });
    expect(stillSpent.usedAt).toEqual(spent.usedAt);
    expect((await holdings(account)).usedCodes).toBe(2);
  });

  it(`${N} completions, half by the link and half by its code, give one session`, async () => {
    const account = await activeAccount();
    const mail = await loginMail(account.email);
    const { won, refusals } = await race(() =>
      Array.from({ length: N }, (_, i) =>
        completeLogin(
          i % 2 === 0 ? { token: tokenIn(mail) } : { email: account.email, code: codeIn(mail) },
          withCode(account, i),
          "BROWSER",
          client(),
        ),
      ),
    );
    expect(won).toHaveLength(1);
    // A code typed after the request is used answers like any wrong code.
    for (const refusal of refusals) {
      expect(["410 token_used", "410 token_invalid", "401 invalid_credentials"]).toContain(refusal);
    }
    expect(await holdings(account)).toMatchObject({ sessions: 1, loginEvents: 1, usedCodes: 1 });
  });

  it("a burst of 20 wrong passwords on one link is checked exactly 5 times, then the link is dead", async () => {
    const account = await activeAccount();
    const token = tokenIn(await loginMail(account.email));
    const { won, refusals } = await race(() =>
      Array.from({ length: 20 }, (_, i) =>
        completeLogin(
          { token },
          { ...withCode(account, 0), password: `wrong password ${i}` },
          "API",
          client(),
        ),
      ),
    );
    expect(won).toHaveLength(0);
    expect(refusals.filter((l) => l === "401 invalid_credentials")).toHaveLength(5);
    expect(refusals.filter((l) => l === "410 token_invalid")).toHaveLength(15);
    const row = await db().oneTimeToken.findUniqueOrThrow({ where: { tokenHash: sha256(token) } });
    expect(row).toMatchObject({ attempts: 5, consumedAt: null });
    expect(await holdings(account)).toMatchObject({ sessions: 0, usedCodes: 0 });
    const dead = await failure(completeLogin({ token }, withCode(account, 0), "API", client()));
    expect([dead.status, dead.code]).toEqual([410, "token_invalid"]);
  });
});
