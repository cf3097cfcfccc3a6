import { afterAll, beforeAll, expect } from "vitest";
import type { ApiResponse } from "./api";
import { countOf, startCluster, statusesOf, type Cluster } from "./adversary";
import { accountRows } from "./database-inspect";
import { loginWith } from "./login";
import type { Mail } from "./mailbox";

// What the race tests share: a server of their own, and how a race is judged.

/** Racers per race. */
export const N = 20;

// Failed guesses must not lock the shared server's client (every test calls from
// 127.0.0.1): the client lock is out of the way. The account lock (6 failures) sits just
// above the link's own attempt budget (TOKEN_MAX_ATTEMPTS, default 5), so an account that
// can still log in after a burst was checked at most 5 times.
export const ACCOUNT_FAILURES = 6;

/** A server (and database) for the calling file, started before its tests, stopped after. */
export function raceServer() {
  let cluster: Cluster | undefined;
  beforeAll(async () => {
    cluster = await startCluster(1, {
      MAIL_PER_IP_PER_HOUR: "100000",
      MAIL_PER_ADDRESS_PER_HOUR: "1000",
      LOGIN_FAILURES_PER_ACCOUNT: String(ACCOUNT_FAILURES),
      LOGIN_FAILURES_PER_IP: "100000",
    });
  });
  afterAll(async () => {
    await cluster?.close();
  });
  return {
    get url() {
      return cluster!.servers[0]!.url;
    },
    get databaseUrl() {
      return cluster!.database.url;
    },
  };
}

/** Exactly one 200; every other answer a problem whose status and `code` say why it lost. */
export function expectOneWinner(
  responses: ApiResponse<unknown>[],
  losers: Record<number, string[]>,
) {
  const reason = (r: ApiResponse<unknown>) => (r.body as { code?: string }).code ?? "";
  const summary = responses.map((r) => `${r.status} ${reason(r)}`).join(", ");
  expect(countOf(statusesOf(responses), 200), summary).toBe(1);
  expect(
    responses.filter((r) => r.status !== 200 && !losers[r.status]?.includes(reason(r))),
    summary,
  ).toEqual([]);
}

// Why a racer lost: the request was used by the winner, or is dead (its attempts taken by
// the racers, or revoked); with Basic auth or a typed address, the credentials no longer
// match a pending sign-up or a live code (answered like a wrong password, SPEC 4).
export const SPENT = { 410: ["token_used", "token_invalid"] };
// A burst on one address can also go past its activation budget before the winner gives
// its check back (429).
export const SPENT_OR_REFUSED = {
  ...SPENT,
  401: ["invalid_credentials"],
  429: ["rate_limited"],
};

/** One ACTIVE account with one set of recovery codes: an activation took effect once. */
export async function expectActivatedOnce(databaseUrl: string, email: string) {
  expect(await accountRows(databaseUrl, email)).toEqual({
    users: 1,
    statuses: ["ACTIVE"],
    recoveryCodes: 10,
  });
}

export const loginCode = (mail: Mail) => {
  const match = /login code:\s*(\d{4,10})\b/i.exec(mail.text);
  if (!match) throw new Error(`No login code in: ${mail.text}`);
  return match[1]!;
};

/**
 * Only the winner's recovery code was spent: the code of every racer that lost still logs
 * the account in (with `password`, on a new link each), and the winner's is refused.
 */
export async function expectOnlyTheWinnersCodeSpent(
  server: string,
  account: { email: string; password: string },
  codes: string[],
  winner: number,
) {
  const later = async (recoveryCode: string) =>
    (await loginWith(account.email, { password: account.password, recoveryCode }, server)).status;
  const stillGood: Record<string, number> = {};
  for (const [i, code] of codes.entries()) if (i !== winner) stillGood[code] = await later(code);
  expect(stillGood, "the recovery codes of the racers that lost must still work").toEqual(
    Object.fromEntries(codes.filter((_, i) => i !== winner).map((c) => [c, 200])),
  );
  expect(await later(codes[winner]!)).toBe(401);
}
