// Threat: replaying one emailed link or code in parallel (or racing two workflows) to win twice, exceed the attempt budget, or survive a deletion.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { basic, call, post, STRONG_PASSWORD, uniqueEmail, type ApiResponse } from "../support/api";
import {
  activeAccount,
  bearer,
  countOf,
  logIn,
  loginLinkToken,
  mailsTo,
  nextTotp,
  postForMail,
  sleep,
  startCluster,
  statusesOf,
  SUBJECT,
  wrongTotp,
  type Activation,
  type Cluster,
  type LoginAnswer,
} from "../support/adversary";
import { linkToken, mailCode, waitForMail, type Mail } from "../support/mailbox";

// A server of its own: failed guesses here must not lock the shared server's client
// (every test calls from 127.0.0.1). The client lock is out of the way; the account lock
// (6 failures) sits just above the link's own attempt budget (TOKEN_MAX_ATTEMPTS, default
// 5), so an account that can still log in after a burst was checked at most 5 times.
const ACCOUNT_FAILURES = 6;
let cluster: Cluster;
let url: string;

beforeAll(async () => {
  cluster = await startCluster(1, {
    MAIL_PER_IP_PER_HOUR: "100000",
    MAIL_PER_ADDRESS_PER_HOUR: "1000",
    LOGIN_FAILURES_PER_ACCOUNT: String(ACCOUNT_FAILURES),
    LOGIN_FAILURES_PER_IP: "100000",
  });
  url = cluster.servers[0]!.url;
});

afterAll(async () => {
  const errors = cluster?.servers[0]
    ?.logs()
    .split("\n")
    .filter((l) => /error|unhandled/i.test(l));
  if (errors?.length) console.log(`[races] server errors:\n${errors.slice(0, 40).join("\n")}`);
  await cluster?.close();
});

const N = 20;

function expectOneWinner(responses: ApiResponse<unknown>[], losers: number[]) {
  const statuses = statusesOf(responses);
  expect(
    statuses.filter((s) => s >= 500),
    `statuses ${statuses}`,
  ).toEqual([]);
  expect(countOf(statuses, 200), `statuses ${statuses}`).toBe(1);
  expect(
    statuses.filter((s) => s !== 200).every((s) => losers.includes(s)),
    `statuses ${statuses}`,
  ).toBe(true);
}

const loginCode = (mail: Mail) => {
  const match = /login code:\s*(\d{4,10})\b/i.exec(mail.text);
  if (!match) throw new Error(`No login code in: ${mail.text}`);
  return match[1]!;
};

const signUp = (email: string, password = STRONG_PASSWORD) =>
  postForMail(url, "/api/v1/signup", { email, password }, email, SUBJECT.signup);

const activateByCode = (email: string, code: string, password = STRONG_PASSWORD) =>
  post<Activation>(
    "/api/v1/signup/activate",
    { code },
    {
      server: url,
      headers: { authorization: basic(email, password) },
    },
  );

const complete = (body: Record<string, unknown>) =>
  post<LoginAnswer>("/api/v1/login/complete", body, { server: url });

describe("sign-up activation by emailed code under concurrency", () => {
  it(`${N} concurrent activations with Basic auth and the same code give exactly one account`, async () => {
    const email = uniqueEmail("race-code");
    const code = mailCode(await signUp(email));
    const responses = await Promise.all(
      Array.from({ length: N }, () => activateByCode(email, code)),
    );
    // Losers: the code is spent or its budget is (410), or the account is already ACTIVE (401).
    expectOneWinner(responses, [401, 410]);

    // Only the winner's enrolment exists: its TOTP key is the one that logs in.
    const winner = responses.find((r) => r.status === 200)!.body;
    const account = {
      email,
      password: STRONG_PASSWORD,
      secret: winner.totp.secret,
      recoveryCodes: winner.recoveryCodes,
    };
    const token = await logIn(account, url);
    expect((await call("GET", "/api/v1/me", { server: url, headers: bearer(token) })).status).toBe(
      200,
    );
  });

  it(`${N} concurrent uses of one request, half by link and half by code, give exactly one account`, async () => {
    const email = uniqueEmail("race-mixed");
    const mail = await signUp(email);
    const token = linkToken(mail);
    const code = mailCode(mail);
    const responses = await Promise.all(
      Array.from({ length: N }, (_, i) =>
        i % 2 === 0
          ? post<Activation>(
              "/api/v1/signup/confirm",
              { token, password: STRONG_PASSWORD },
              { server: url },
            )
          : activateByCode(email, code),
      ),
    );
    expectOneWinner(responses, [401, 410]);
  });
});

describe("sign-up confirmation racing a second sign-up or a resend for the same address", () => {
  // The confirmation and the request that replaces the pending sign-up must serialise: either
  // the confirmation wins (the account is ACTIVE with the password it was confirmed with, and
  // no sign-up link for it stays alive) or the replacement wins (the old link is dead).
  // Several rounds, each shifting the second request by a few milliseconds, sweep the window;
  // every round is checked and the violations are reported together.
  const ROUNDS = 12;
  const delayOf = (round: number) => (round % 6) * 3;

  it("never leaves an ACTIVE account with the replacing request's password", async () => {
    const outcomes: string[] = [];
    const violations: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const email = uniqueEmail("race-squat");
      const token = linkToken(await signUp(email));
      const attackerPassword = `attacker password ${round}`;
      const delay = delayOf(round);
      const [confirm, resignup] = await Promise.all([
        post("/api/v1/signup/confirm", { token, password: STRONG_PASSWORD }, { server: url }),
        sleep(delay).then(() =>
          post("/api/v1/signup", { email, password: attackerPassword }, { server: url }),
        ),
      ]);
      outcomes.push(`${confirm.status}/${resignup.status}`);
      if (confirm.status >= 500 || resignup.status !== 202)
        violations.push(
          `round ${round} (+${delay} ms): confirm ${confirm.status}, second sign-up ${resignup.status} ${JSON.stringify(resignup.body)}`,
        );
      if (confirm.status !== 200) continue;
      // The owner activated the account: the owner's password must be the one it has.
      // (A deletion request checks the password alone: 202 for the right one, else 401.)
      const owner = await post(
        "/api/v1/account/delete",
        { email, password: STRONG_PASSWORD },
        { server: url },
      );
      const attacker = await post(
        "/api/v1/account/delete",
        { email, password: attackerPassword },
        { server: url },
      );
      if (owner.status !== 202 || attacker.status !== 401)
        violations.push(
          `round ${round} (+${delay} ms): confirmed 200, then owner's password ${owner.status}, second sign-up's password ${attacker.status}`,
        );
    }
    console.log(`[races] confirm/second sign-up statuses: ${outcomes.join(" ")}`);
    expect(violations).toEqual([]);
  });

  it("never leaves a live sign-up link for an ACTIVE account (it would re-issue the TOTP key)", async () => {
    const outcomes: string[] = [];
    const violations: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const email = uniqueEmail("race-resend");
      const first = await signUp(email);
      const delay = delayOf(round);
      const [confirm, resend] = await Promise.all([
        post<Activation>(
          "/api/v1/signup/confirm",
          { token: linkToken(first), password: STRONG_PASSWORD },
          { server: url },
        ),
        sleep(delay).then(() => post("/api/v1/signup/resend", { email }, { server: url })),
      ]);
      outcomes.push(`${confirm.status}/${resend.status}`);
      if (confirm.status >= 500 || resend.status !== 202)
        violations.push(
          `round ${round} (+${delay} ms): confirm ${confirm.status}, resend ${resend.status}`,
        );
      if (confirm.status !== 200) continue;
      // Give a mail the resend may have queued time to arrive, then try every sign-up link.
      await sleep(300);
      for (const mail of await mailsTo(url, email, SUBJECT.signup)) {
        const again = await post<Activation>(
          "/api/v1/signup/confirm",
          { token: linkToken(mail), password: STRONG_PASSWORD },
          { server: url },
        );
        if (again.status !== 410)
          violations.push(
            `round ${round} (+${delay} ms): after activation a sign-up link answered ${again.status}` +
              (again.status === 200
                ? `, TOTP key re-issued: ${again.body.totp.secret !== confirm.body.totp.secret}`
                : ""),
          );
      }
    }
    console.log(`[races] confirm/resend statuses: ${outcomes.join(" ")}`);
    expect(violations).toEqual([]);
  });
});

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
    expectOneWinner(responses, [401, 410, 429]);
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
    const statuses = statusesOf(responses);
    expect(
      statuses.every((s) => s === 401 || s === 410 || s === 429),
      `statuses ${statuses}`,
    ).toBe(true);
    // Right code, right password, unspent TOTP: the request is dead all the same…
    const right = await complete({
      email: account.email,
      code,
      password: account.password,
      totp,
    });
    expect(right.status).not.toBe(200);
    expect(
      (await complete({ token: linkToken(mail), password: account.password, totp })).status,
    ).toBe(410);
    // …and at most 5 guesses reached the factors: the account (locked after
    // ACCOUNT_FAILURES) still logs in with a new link.
    await logIn(account, url);
  });
});

describe("account deletion under concurrency", () => {
  it(`${N} concurrent confirmations of one deletion link delete once and end the sessions`, async () => {
    const account = await activeAccount(url, uniqueEmail("race-delete"));
    const access = await logIn(account, url);
    const mail = await postForMail(
      url,
      "/api/v1/account/delete",
      { email: account.email, password: account.password },
      account.email,
      SUBJECT.deletion,
    );
    const token = linkToken(mail);
    const responses = await Promise.all(
      Array.from({ length: N }, () =>
        post("/api/v1/account/delete/confirm", { token }, { server: url }),
      ),
    );
    expectOneWinner(responses, [410]);
    await waitForMail(url, account.email, SUBJECT.deleted);
    await sleep(500);
    expect(await mailsTo(url, account.email, SUBJECT.deleted)).toHaveLength(1);
    expect((await call("GET", "/api/v1/me", { server: url, headers: bearer(access) })).status).toBe(
      401,
    );
  });

  it("a login completed while the account is being deleted leaves no live session", async () => {
    // Login link and deletion link both issued; then the login and the deletion run at once.
    for (let round = 0; round < 4; round++) {
      const account = await activeAccount(url, uniqueEmail("race-del-login"));
      const loginToken = await loginLinkToken(url, account.email);
      const deletion = linkToken(
        await postForMail(
          url,
          "/api/v1/account/delete",
          { email: account.email, password: account.password },
          account.email,
          SUBJECT.deletion,
        ),
      );
      const totp = await nextTotp(account.secret);
      const [login, confirm] = await Promise.all([
        sleep(round * 2).then(() =>
          complete({ token: loginToken, password: account.password, totp }),
        ),
        post("/api/v1/account/delete/confirm", { token: deletion }, { server: url }),
      ]);
      expect([login.status, confirm.status].filter((s) => s >= 500)).toEqual([]);
      expect(confirm.status).toBe(200);
      if (login.status === 200) {
        const me = await call("GET", "/api/v1/me", {
          server: url,
          headers: bearer(login.body.accessToken),
        });
        expect(me.status, "a session outlived the deletion of its account").toBe(401);
      } else {
        expect([401, 410]).toContain(login.status);
      }
    }
  });
});
