// Threat: a sign-up activated twice, or left ACTIVE with a stranger's password or a live link by a race.
import { describe, expect, it } from "vitest";
import {
  client,
  freshDatabase,
  crossover,
  race,
  staggered,
  pendingSignup,
  spendTotpOf,
  STRONG_PASSWORD,
  uniqueEmail,
} from "../../e2e/support/in-process";
import { currentTotp } from "../auth/mfa/totp";
import { spendRecoveryCode } from "../auth/mfa/recovery-codes";
import { verifyPassword } from "../auth/passwords/hashing";
import { db } from "../server/db";
import { AppError } from "../shared/problems";
import { signupRequest } from "../shared/schemas";
import {
  activateWithCode,
  confirmSignup,
  requestSignup,
  resendSignup,
  type Activation,
} from "./signup";

await freshDatabase({ MAIL_PER_ADDRESS_PER_HOUR: "100", MAIL_PER_IP_PER_HOUR: "1000" });

const N = 10;
const LINK_LOSERS = ["410 token_used", "410 token_invalid"];

/**
 * Exactly one activation; every loser told that the sign-up is used, or that its attempts
 * were taken by the racers (410), or, typing the code for an account no longer pending,
 * answered like any wrong code (401) when that is allowed.
 */
async function oneWinner(attempts: () => Promise<Activation>[], allowed = LINK_LOSERS) {
  const { won, refusals } = await race(attempts);
  expect(won).toHaveLength(1);
  for (const refusal of refusals) expect(allowed).toContain(refusal);
  return won[0]!.value;
}

/** The account holds the winner's key and recovery codes, and only one set of codes. */
async function holdsOnly(winner: Activation) {
  const user = await db().user.findUniqueOrThrow({ where: { id: winner.user.id } });
  expect(user.status).toBe("ACTIVE");
  expect(await db().recoveryCode.count({ where: { userId: user.id } })).toBe(10);
  expect(await spendRecoveryCode(user.id, winner.recoveryCodes[0]!)).toBe(true);
  expect(await spendTotpOf(user.id, await currentTotp(winner.totp.secret))).toBe(true);
}

const liveSignupLinks = (userId: string) =>
  db().oneTimeToken.count({
    where: { userId, purpose: "SIGNUP", consumedAt: null, revokedAt: null },
  });

describe("concurrent activations of one sign-up", () => {
  it(`${N} confirmations of one link give one ACTIVE account, with the winner's key and codes`, async () => {
    const { token } = await pendingSignup();
    const winner = await oneWinner(() =>
      Array.from({ length: N }, () => confirmSignup(token, STRONG_PASSWORD, client())),
    );
    await holdsOnly(winner);
  });

  it(`${N} uses of one sign-up, half by link and half by code, give one ACTIVE account`, async () => {
    const { email, token, code } = await pendingSignup();
    const winner = await oneWinner(
      () =>
        Array.from({ length: N }, (_, i) =>
          i % 2 === 0
            ? confirmSignup(token, STRONG_PASSWORD, client())
            : activateWithCode(email, STRONG_PASSWORD, code, client()),
        ),
      [...LINK_LOSERS, "401 invalid_credentials"],
    );
    await holdsOnly(winner);
  });
});

describe("concurrent sign-ups for one address", () => {
  it(`${N} at once create one account with one live link`, async () => {
    const email = uniqueEmail();
    const { won } = await race(() =>
      Array.from({ length: N }, (_, i) =>
        requestSignup(signupRequest.parse({ email, password: `password number ${i}` }), client()),
      ),
    );
    expect(won).toHaveLength(N);
    const users = await db().user.findMany({ where: { email } });
    expect(users).toHaveLength(1);
    expect(await liveSignupLinks(users[0]!.id)).toBe(1);
  });
});

describe("a confirmation racing a new sign-up or a resend", () => {
  it("never leaves an ACTIVE account with the second sign-up's password", async () => {
    await crossover(["replacement", "confirmation"], async (offset) => {
      const { email, token } = await pendingSignup();
      const second = `second password ${offset}`;
      const [confirmed] = await staggered(
        offset,
        () => confirmSignup(token, STRONG_PASSWORD, client()),
        () => requestSignup(signupRequest.parse({ email, password: second }), client()),
      );
      const user = await db().user.findUniqueOrThrow({ where: { email } });
      if (confirmed.status === "fulfilled") {
        // The owner won: the account is theirs, with their password.
        expect(user.status).toBe("ACTIVE");
        expect(await verifyPassword(STRONG_PASSWORD, user.passwordHash)).toBe(true);
        expect(await verifyPassword(second, user.passwordHash)).toBe(false);
        return "confirmation";
      }
      // The second sign-up won: still PENDING, with its password and one live link.
      expect(confirmed.reason).toBeInstanceOf(AppError);
      expect((confirmed.reason as AppError).status).toBe(410);
      expect(user.status).toBe("PENDING");
      expect(await verifyPassword(second, user.passwordHash)).toBe(true);
      expect(await liveSignupLinks(user.id)).toBe(1);
      return "replacement";
    });
  });

  it("never leaves a live sign-up link for an ACTIVE account", async () => {
    await crossover(["replacement", "confirmation"], async (offset) => {
      const { email, token } = await pendingSignup();
      const [confirmed] = await staggered(
        offset,
        () => confirmSignup(token, STRONG_PASSWORD, client()),
        () => resendSignup(email, client()),
      );
      const user = await db().user.findUniqueOrThrow({ where: { email } });
      expect(user.status).toBe(confirmed.status === "fulfilled" ? "ACTIVE" : "PENDING");
      expect(await liveSignupLinks(user.id)).toBe(user.status === "ACTIVE" ? 0 : 1);
      return confirmed.status === "fulfilled" ? "confirmation" : "replacement";
    });
  });
});
