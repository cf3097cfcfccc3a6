// Threat: replaying one emailed sign-up link or code in parallel to activate twice, or
// racing a second sign-up or a resend against the confirmation to leave an ACTIVE account
// with a stranger's password or a live link.
import { beforeAll, describe, expect, it } from "vitest";
import { basic, call, post, STRONG_PASSWORD, uniqueEmail } from "../support/api";
import {
  bearer,
  logIn,
  mailsTo,
  postForMail,
  sleep,
  SUBJECT,
  type Activation,
} from "../support/adversary";
import { linkToken, mailCode, waitForMail } from "../support/mailbox";
import {
  expectActivatedOnce as activatedOnce,
  expectOneWinner,
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

const expectActivatedOnce = (email: string) => activatedOnce(race.databaseUrl, email);

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

describe("sign-up activation by emailed code under concurrency", () => {
  it(`${N} concurrent activations with Basic auth and the same code give exactly one account`, async () => {
    const email = uniqueEmail("race-code");
    const code = mailCode(await signUp(email));
    const responses = await Promise.all(
      Array.from({ length: N }, () => activateByCode(email, code)),
    );
    expectOneWinner(responses, SPENT_OR_REFUSED);
    await expectActivatedOnce(email);

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
    expectOneWinner(responses, SPENT_OR_REFUSED);
    await expectActivatedOnce(email);
  });
});

describe("sign-up confirmation racing a second sign-up or a resend for the same address", () => {
  // The confirmation and the request that replaces the pending sign-up must serialise: either
  // the confirmation wins (the account is ACTIVE with the password it was confirmed with, and
  // no sign-up link for it stays alive) or the replacement wins (the old link is dead and the
  // new one activates). The second request starts from well before the confirmation to well
  // after it, and the sweep goes on until both orders have happened: each is checked.
  const OFFSETS_MS = [-24, -12, -6, -2, 0, 2, 6, 12, 24];
  const PASSES = 4;

  interface Round {
    /** Which request took effect first; undefined when the answers fit neither order. */
    order?: "confirmation first" | "replacement first";
    violations: string[];
  }

  /** Runs `a`, and `b` `offset` ms later (or earlier, when `offset` is negative). */
  const staggered = <A, B>(offset: number, a: () => Promise<A>, b: () => Promise<B>) =>
    Promise.all([sleep(Math.max(0, -offset)).then(a), sleep(Math.max(0, offset)).then(b)]);

  /**
   * Rounds at every offset, the offsets doubled on each further pass while an order is still
   * missing; fails unless both orders happened and every round kept the invariant.
   */
  async function sweep(round: (offset: number) => Promise<Round>) {
    const seen: Record<string, number> = {};
    const violations: string[] = [];
    for (let pass = 0; pass < PASSES && Object.keys(seen).length < 2; pass++) {
      for (const base of OFFSETS_MS) {
        const offset = base * 2 ** pass;
        const { order, violations: found } = await round(offset);
        if (order) seen[order] = (seen[order] ?? 0) + 1;
        violations.push(...found.map((v) => `${offset} ms: ${v}`));
      }
    }
    console.log(`[races] orders seen: ${JSON.stringify(seen)}`);
    expect(violations).toEqual([]);
    expect(Object.keys(seen).sort(), "both orders must have happened").toEqual([
      "confirmation first",
      "replacement first",
    ]);
  }

  /** The replacing request won: the first link is dead, and the newest one activates. */
  async function replacementFirst(email: string, password: string, answers: string) {
    const mail = await waitForMail(url, email, SUBJECT.signup, { count: 2 });
    const activated = await post(
      "/api/v1/signup/confirm",
      { token: linkToken(mail), password },
      { server: url },
    );
    return {
      order: "replacement first" as const,
      violations:
        activated.status === 200 ? [] : [`${answers}, then the newest link ${activated.status}`],
    };
  }

  it("a second sign-up never leaves an ACTIVE account with its password, and replaces the pending one when it wins", async () => {
    await sweep(async (offset) => {
      const email = uniqueEmail("race-squat");
      const token = linkToken(await signUp(email));
      const secondPassword = `second password ${offset}`;
      const [confirm, second] = await staggered(
        offset,
        () => post("/api/v1/signup/confirm", { token, password: STRONG_PASSWORD }, { server: url }),
        () => post("/api/v1/signup", { email, password: secondPassword }, { server: url }),
      );
      const answers = `confirmation ${confirm.status}, second sign-up ${second.status}`;
      if (second.status !== 202) return { violations: [answers] };
      if (confirm.status === 200) {
        // The owner activated the account: the owner's password must be the one it has.
        // (A deletion request checks the password alone: 202 for the right one, else 401.)
        const owner = await post(
          "/api/v1/account/delete",
          { email, password: STRONG_PASSWORD },
          { server: url },
        );
        const other = await post(
          "/api/v1/account/delete",
          { email, password: secondPassword },
          { server: url },
        );
        return {
          order: "confirmation first",
          violations:
            owner.status === 202 && other.status === 401
              ? []
              : [`${answers}, then owner's password ${owner.status}, second's ${other.status}`],
        };
      }
      // The second sign-up won: the account is still PENDING, with the new password.
      if (confirm.status === 410) return replacementFirst(email, secondPassword, answers);
      return { violations: [answers] };
    });
  });

  it("a resend never leaves a live sign-up link for an ACTIVE account (it would re-issue the TOTP key)", async () => {
    await sweep(async (offset) => {
      const email = uniqueEmail("race-resend");
      const first = await signUp(email);
      const [confirm, resend] = await staggered(
        offset,
        () =>
          post<Activation>(
            "/api/v1/signup/confirm",
            { token: linkToken(first), password: STRONG_PASSWORD },
            { server: url },
          ),
        () => post("/api/v1/signup/resend", { email }, { server: url }),
      );
      const answers = `confirmation ${confirm.status}, resend ${resend.status}`;
      if (resend.status !== 202) return { violations: [answers] };
      if (confirm.status === 200) {
        // Give a mail the resend may have queued time to arrive, then try every sign-up link.
        await sleep(300);
        const violations: string[] = [];
        for (const mail of await mailsTo(url, email, SUBJECT.signup)) {
          const again = await post<Activation>(
            "/api/v1/signup/confirm",
            { token: linkToken(mail), password: STRONG_PASSWORD },
            { server: url },
          );
          if (again.status !== 410)
            violations.push(
              `${answers}, then a sign-up link answered ${again.status}` +
                (again.status === 200
                  ? `, TOTP key re-issued: ${again.body.totp.secret !== confirm.body.totp.secret}`
                  : ""),
            );
        }
        return { order: "confirmation first", violations };
      }
      if (confirm.status === 410) return replacementFirst(email, STRONG_PASSWORD, answers);
      return { violations: [answers] };
    });
  });
});

describe("one sign-up link under concurrency", () => {
  it(`${N} concurrent confirmations of one link activate one account once, every loser told why`, async () => {
    const email = uniqueEmail("race-link");
    const mail = await signUp(email);
    const body = { token: linkToken(mail), password: STRONG_PASSWORD };
    const responses = await Promise.all(
      Array.from({ length: N }, () =>
        post<Activation>("/api/v1/signup/confirm", body, { server: url }),
      ),
    );
    // Every loser: 410, the link already used (or its attempts taken by the racers).
    expectOneWinner(responses, SPENT);
    // The effect happened once, and the TOTP key handed to the winner is the one that logs in.
    await expectActivatedOnce(email);
    const winner = responses.find((r) => r.status === 200)!.body;
    await logIn(
      {
        email,
        password: STRONG_PASSWORD,
        secret: winner.totp.secret,
        recoveryCodes: winner.recoveryCodes,
      },
      url,
    );
  });

  it(`a burst of ${N} concurrent wrong passwords is checked at most 5 times`, async () => {
    const mail = await signUp(uniqueEmail("race-guess"));
    const token = linkToken(mail);
    const responses = await Promise.all(
      Array.from({ length: N }, (_, i) =>
        post("/api/v1/signup/confirm", { token, password: `wrong guess ${i}` }, { server: url }),
      ),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 410)).toHaveLength(N - 5);
    // The budget is spent: the right password no longer helps.
    expect(
      (await post("/api/v1/signup/confirm", { token, password: STRONG_PASSWORD }, { server: url }))
        .status,
    ).toBe(410);
  });
});
