// Threat: replaying one login link (or its code) in parallel to open several sessions, or to burn the second factors of the racers that lose; exactly one may win, and only its factor is spent.
import { beforeAll, describe, expect, it } from "vitest";
import {
  baseUrl,
  call,
  STRONG_PASSWORD,
  uniqueEmail,
  type ApiResponse,
  post,
} from "../support/api";
import { sessionCount } from "../support/database-inspect";
import { dedicatedServers } from "../support/dedicated-server";
import {
  bearer,
  completeLogin,
  nextTotp,
  requestLoginMail,
  SIGN_IN_SUBJECT,
  type LoginAnswer,
} from "../support/login";
import { linkToken, listMail, mailCode, type Mail } from "../support/mailbox";
import { activatedAccount } from "../support/signup";
import { type TestServer } from "../support/test-server";
import {
  activeAccount,
  countOf,
  logIn,
  loginLinkToken,
  mailsTo,
  postForMail,
  sleep,
  statusesOf,
  SUBJECT,
  wrongTotp,
} from "../support/adversary";
import {
  expectOneWinner,
  expectOnlyTheWinnersCodeSpent,
  loginCode,
  N,
  raceServer,
  SPENT_OR_REFUSED,
} from "../support/races";

async function race(body: Record<string, unknown>) {
  const responses = await Promise.all(Array.from({ length: 20 }, () => completeLogin(body)));
  const statuses = responses.map((r) => r.status);
  expect(statuses.filter((s) => s >= 500)).toEqual([]);
  expect(statuses.filter((s) => s === 200)).toHaveLength(1);
  // Losers: the TOTP step or the request is spent (401, 410), or the account's failure
  // budget is held by the attempts in flight (429).
  expect(statuses.filter((s) => s !== 200).every((s) => [401, 410, 429].includes(s))).toBe(true);
  return responses.find((r) => r.status === 200)!;
}

async function signInMails(email: string, server = baseUrl()) {
  // The notice is queued in the login's transaction; give the queue a moment to drain.
  await new Promise((r) => setTimeout(r, 500));
  return (await listMail(server, email)).filter((m) => SIGN_IN_SUBJECT.test(m.subject));
}

describe("one login link under concurrency", () => {
  it("20 concurrent completions with the same link and TOTP code give exactly one session", async () => {
    const account = await activatedAccount(uniqueEmail());
    const mail = await requestLoginMail(account.email);
    const winner = await race({
      token: linkToken(mail),
      password: account.password,
      totp: await nextTotp(account.secret),
    });
    const who = await call("GET", "/api/v1/me", { headers: bearer(winner.body.accessToken) });
    expect(who.status).toBe(200);
    expect(await signInMails(account.email)).toHaveLength(1);
  });

  it("20 concurrent completions with the same emailed code give exactly one session", async () => {
    const account = await activatedAccount(uniqueEmail());
    const mail = await requestLoginMail(account.email);
    await race({
      email: account.email,
      code: mailCode(mail),
      password: account.password,
      totp: await nextTotp(account.secret),
    });
    expect(await signInMails(account.email)).toHaveLength(1);
  });
});

// With one shared TOTP code, replay protection alone could pick the winner. Here every racer
// brings a second factor of its own (a distinct recovery code), so only the single use of
// the link (or code) can stop the others, and a racer that lost must keep its code.
describe("one login link raced by completions that each bring their own recovery code", () => {
  const RACERS = 10;
  let server: TestServer;

  // Its own server: each account here is mailed a dozen login links.
  const dedicated = dedicatedServers({
    MAIL_PER_ADDRESS_PER_HOUR: "100",
    MAIL_PER_IP_PER_HOUR: "100000",
    LOGIN_FAILURES_PER_IP: "100000",
  });
  beforeAll(async () => {
    server = await dedicated();
  });

  async function raceRecoveryCodes(
    proofOf: (mail: Mail, email: string) => Record<string, unknown>,
    loserStatuses: number[],
  ) {
    const account = await activatedAccount(uniqueEmail("race-rc"), STRONG_PASSWORD, server.url);
    const codes = account.recoveryCodes.slice(0, RACERS);
    expect(new Set(codes).size).toBe(RACERS);
    const proof = proofOf(await requestLoginMail(account.email, server.url), account.email);
    const responses = await Promise.all(
      codes.map((recoveryCode) =>
        completeLogin({ ...proof, password: account.password, recoveryCode }, server.url),
      ),
    );
    const summary = responses.map((r) => `${r.status} ${r.body.code ?? ""}`).join(", ");
    expect(countStatus(responses, 200), summary).toBe(1);
    expect(
      responses.filter((r) => r.status !== 200 && !loserStatuses.includes(r.status)),
      summary,
    ).toEqual([]);

    const winner = responses.findIndex((r) => r.status === 200);
    const me = await call("GET", "/api/v1/me", {
      server: server.url,
      headers: bearer(responses[winner]!.body.accessToken),
    });
    expect(me.status).toBe(200);
    expect(await sessionCount(server.databaseUrl, account.email)).toBe(1);

    // Exactly one recovery code was spent, the winner's: the other nine still log in.
    await expectOnlyTheWinnersCodeSpent(server.url, account, codes, winner);
  }

  const countStatus = (responses: ApiResponse<LoginAnswer>[], status: number) =>
    responses.filter((r) => r.status === status).length;

  it(`${RACERS} concurrent completions of one link: one session, one recovery code spent, the rest 410`, async () => {
    await raceRecoveryCodes((mail) => ({ token: linkToken(mail) }), [410]);
  });

  it(`${RACERS} concurrent completions of one emailed code: one session, one recovery code spent`, async () => {
    // A spent code typed with its address answers like an unknown address (401), so the
    // code path reveals no account; a racer that reached the consumption gets 410.
    await raceRecoveryCodes((mail, email) => ({ email, code: mailCode(mail) }), [401, 410]);
  });
});

// The bursts run on a server of their own (e2e/support/races.ts says why).
const burstServer = raceServer();
let url: string;
beforeAll(() => {
  url = burstServer.url;
});

const complete = (body: Record<string, unknown>) =>
  post<LoginAnswer>("/api/v1/login/complete", body, { server: url });

describe("login link and its code under concurrency", () => {
  it(`${N} concurrent completions, half by link and half by code, give exactly one session`, async () => {
    const account = await activeAccount(url, uniqueEmail("race-login"));
    const mail = await postForMail(
      url,
      "/api/v1/login",
      { email: account.email },
      account.email,
      SUBJECT.login,
    );
    const factors = { password: account.password, totp: await nextTotp(account.secret) };
    const responses = await Promise.all(
      Array.from({ length: N }, (_, i) =>
        complete(
          i % 2 === 0
            ? { token: linkToken(mail), ...factors }
            : { email: account.email, code: loginCode(mail), ...factors },
        ),
      ),
    );
    // Losers: the TOTP step is spent (401), the request is spent (410), or guesses on a dead
    // code have used up the typed address's failure budget (429).
    expectOneWinner(responses, SPENT_OR_REFUSED);
    await sleep(500);
    expect(await mailsTo(url, account.email, SUBJECT.signIn)).toHaveLength(1);
  });

  it(`a burst of ${N} wrong guesses on one link is checked at most 5 times and kills it`, async () => {
    const account = await activeAccount(url, uniqueEmail("burst-link"));
    const token = await loginLinkToken(url, account.email);
    const totp = await wrongTotp(account.secret);
    const responses = await Promise.all(
      Array.from({ length: N }, (_, i) => complete({ token, password: `wrong guess ${i}`, totp })),
    );
    // The rest are refused before any check: the link is spent (410) or the account's
    // failure budget is taken by the guesses in flight (429).
    const statuses = statusesOf(responses);
    expect(countOf(statuses, 401), `statuses ${statuses}`).toBe(5);
    expect(countOf(statuses, 410) + countOf(statuses, 429), `statuses ${statuses}`).toBe(N - 5);
    const right = await complete({
      token,
      password: account.password,
      totp: await nextTotp(account.secret),
    });
    expect(right.status).toBe(410);
    // The account (locked after ACCOUNT_FAILURES) was charged for the 5 checks only.
    await logIn(account, url);
  });

  it(`after 4 failures a burst of ${N} guesses gets exactly one more check`, async () => {
    const account = await activeAccount(url, uniqueEmail("burst-last"));
    const token = await loginLinkToken(url, account.email);
    const totp = await wrongTotp(account.secret);
    for (let i = 0; i < 4; i++)
      expect((await complete({ token, password: `wrong ${i}`, totp })).status).toBe(401);
    // Half the burst even carries the right password: it still only has one attempt left.
    const responses = await Promise.all(
      Array.from({ length: N }, (_, i) =>
        complete({ token, password: i % 2 ? account.password : `guess ${i}`, totp }),
      ),
    );
    const statuses = statusesOf(responses);
    expect(countOf(statuses, 401), `statuses ${statuses}`).toBe(1);
    expect(countOf(statuses, 410) + countOf(statuses, 429), `statuses ${statuses}`).toBe(N - 1);
  });

  it(`a burst of ${N} wrong emailed codes is checked at most 5 times and kills the request`, async () => {
    const account = await activeAccount(url, uniqueEmail("burst-code"));
    const mail = await postForMail(
      url,
      "/api/v1/login",
      { email: account.email },
      account.email,
      SUBJECT.login,
    );
    const code = loginCode(mail);
    const wrongCodes = Array.from({ length: N }, (_, i) =>
      String((Number(code) + 1 + i) % 10 ** code.length).padStart(code.length, "0"),
    );
    const totp = await nextTotp(account.secret);
    const responses = await Promise.all(
      wrongCodes.map((wrong) =>
        complete({ email: account.email, code: wrong, password: account.password, totp }),
      ),
    );
    // Guesses beyond the budget are refused: 410 (the request is spent) or, once the code
    // counts as dead, 401 like an unknown address, or 429 once that address's own failure
    // budget is spent. (Whether those answers reveal the account: enumeration.test.ts.)
    // The first five guesses fit both the request's budget and the account's, so at least
    // five are checked and refused as wrong (an app that refused all with 429 would fail).
    const statuses = statusesOf(responses);
    expect(
      statuses.every((s) => s === 401 || s === 410 || s === 429),
      `statuses ${statuses}`,
    ).toBe(true);
    expect(countOf(statuses, 401), `statuses ${statuses}`).toBeGreaterThanOrEqual(5);
    // Right code, right password, unspent TOTP: the code is dead all the same…
    const right = await complete({
      email: account.email,
      code,
      password: account.password,
      totp,
    });
    expect(right.status).not.toBe(200);
    // …and at most 5 guesses reached the factors: the account (locked after
    // ACCOUNT_FAILURES) still logs in, with the link of the same mail (the code's budget is
    // its own: guessing it cannot kill the link in the owner's inbox).
    expect(
      (await complete({ token: linkToken(mail), password: account.password, totp })).status,
    ).toBe(200);
  });
});
