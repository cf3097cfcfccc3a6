// Threat: replaying one reset link (or its code) in parallel to set several passwords, or to burn the second factors of the racers that lose; exactly one may win, and only its factor is spent.
import { beforeAll, describe, expect, it } from "vitest";
import { uniqueEmail, type ApiResponse } from "../support/api";
import { activeAccount, logIn, mailsTo, sleep, SUBJECT } from "../support/adversary";
import { usedRecoveryCodes } from "../support/database-inspect";
import { NEW_PASSWORD, requestResetMail, resetPassword, type Answer } from "../support/lifecycle";
import { completeLogin, loginLink, me, nextTotp } from "../support/login";
import { linkToken, mailCode, type Mail } from "../support/mailbox";
import {
  expectOneWinner,
  expectOnlyTheWinnersCodeSpent,
  N,
  raceServer,
  SPENT,
  SPENT_OR_REFUSED,
} from "../support/races";

const race = raceServer();
let url: string;
beforeAll(() => {
  url = race.url;
});

/** Each racer sets a password of its own, so the account's password says who won. */
const passwordOf = (racer: number) => `${NEW_PASSWORD} ${racer}`;

// Losers by link: the link was used by the winner or its attempts were taken by the other
// racers (410), or the address's reset budget was held by the attempts in flight (429).
const LOST_BY_LINK = { ...SPENT, 429: ["rate_limited"] };

const byLink = (mail: Mail) => ({ token: linkToken(mail) });
const byCode = (mail: Mail, email: string) => ({ email, code: mailCode(mail) });

async function raceResets(bodies: Record<string, unknown>[]) {
  return Promise.all(bodies.map((body) => resetPassword(body, { server: url })));
}

const winnerOf = (responses: ApiResponse<Answer>[]) => responses.findIndex((r) => r.status === 200);

/** One notice of the reset, however many racers there were. */
async function expectOneNotice(email: string) {
  await sleep(500);
  expect(await mailsTo(url, email, SUBJECT.passwordReset)).toHaveLength(1);
}

describe("one reset link under concurrency", () => {
  it(`${N} concurrent resets with the same link and TOTP code: one succeeds, and its password is the account's`, async () => {
    const account = await activeAccount(url, uniqueEmail("race-reset"));
    const session = await logIn(account, url);
    const mail = await requestResetMail(account.email, { server: url });
    const totp = await nextTotp(account.secret);
    const responses = await raceResets(
      Array.from({ length: N }, (_, i) => ({
        ...byLink(mail),
        totp,
        newPassword: passwordOf(i),
      })),
    );
    expectOneWinner(responses, LOST_BY_LINK);
    const winner = winnerOf(responses);
    await expectOneNotice(account.email);
    expect((await me(session, url)).status).toBe(401);

    // On one login link: a loser's password is refused, the winner's is the account's.
    const token = await loginLink(account.email, url);
    const login = (password: string) =>
      completeLogin({ token, password, recoveryCode: account.recoveryCodes[0] }, url);
    expect((await login(passwordOf((winner + 1) % N))).status).toBe(401);
    expect((await login(passwordOf(winner))).status).toBe(200);
  });

  it(`${N} concurrent resets, half by the link and half by its code: one succeeds`, async () => {
    const account = await activeAccount(url, uniqueEmail("race-reset-mixed"));
    const mail = await requestResetMail(account.email, { server: url });
    const totp = await nextTotp(account.secret);
    const responses = await raceResets(
      Array.from({ length: N }, (_, i) => ({
        ...(i % 2 ? byCode(mail, account.email) : byLink(mail)),
        totp,
        newPassword: passwordOf(i),
      })),
    );
    // A code typed after the winner used the request answers like a wrong one (401).
    expectOneWinner(responses, SPENT_OR_REFUSED);
    await expectOneNotice(account.email);
  });
});

// With one shared TOTP code, replay protection alone could pick the winner. Here every racer
// brings a second factor of its own (a distinct recovery code), so only the single use of
// the link (or code) can stop the others, and a racer that lost must keep its code.
describe("one reset raced by resets that each bring their own recovery code", () => {
  it.each([
    ["link", byLink, LOST_BY_LINK],
    ["emailed code", byCode, SPENT_OR_REFUSED],
  ] as const)(
    "10 concurrent resets of one %s: one succeeds, one recovery code is spent, the losers keep theirs",
    async (_, proofOf, losers) => {
      const account = await activeAccount(url, uniqueEmail("race-reset-rc"));
      const codes = account.recoveryCodes;
      expect(new Set(codes).size).toBe(10);
      const proof = proofOf(await requestResetMail(account.email, { server: url }), account.email);
      const responses = await raceResets(
        codes.map((recoveryCode, i) => ({ ...proof, recoveryCode, newPassword: passwordOf(i) })),
      );
      expectOneWinner(responses, losers);
      const winner = winnerOf(responses);
      expect(await usedRecoveryCodes(race.databaseUrl, account.email)).toBe(1);
      await expectOnlyTheWinnersCodeSpent(
        url,
        { email: account.email, password: passwordOf(winner) },
        codes,
        winner,
      );
    },
  );
});
