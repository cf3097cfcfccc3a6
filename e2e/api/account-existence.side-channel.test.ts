// Threat: telling an address with an account (active or pending) from one without, through
// failure counters, activation answers, deletion answers, or the work a login request does.
import pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import { basic, post, STRONG_PASSWORD, uniqueEmail, type ApiResponse } from "../support/api";
import { activeAccount, mailsTo, postForMail, sleep, SUBJECT } from "../support/adversary";
import { dedicatedServers } from "../support/dedicated-server";
import { mailCode, waitForMail } from "../support/mailbox";
import type { TestServer } from "../support/test-server";

const server = dedicatedServers({
  MAIL_PER_IP_PER_HOUR: "100000",
  MAIL_PER_ADDRESS_PER_HOUR: "1000",
  LOGIN_FAILURES_PER_IP: "100000",
});

/** What a client sees of an answer, the address it sent replaced by a placeholder. */
function seen(response: ApiResponse, email: string) {
  return {
    status: response.status,
    body: JSON.parse(JSON.stringify(response.body).split(email).join("<email>")) as unknown,
    retryAfter: response.headers.has("retry-after"),
    challenge: response.headers.get("www-authenticate"),
  };
}

const otherCode = (code: string) => (code === "000000" ? "111111" : "000000");

describe("the failure counter", () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await server();
  });

  it("counts guesses for a known address with a live code exactly like an unknown address, on every route", async () => {
    const known = await activeAccount(s.url, uniqueEmail("counted"));
    const unknown = uniqueEmail("counted");
    // The known address has a live login code to guess at; the unknown one has nothing.
    await postForMail(s.url, "/api/v1/login", { email: known.email }, known.email, SUBJECT.login);
    expect((await post("/api/v1/login", { email: unknown }, { server: s.url })).status).toBe(202);

    const answers: Record<string, ReturnType<typeof seen>[]> = { known: [], unknown: [] };
    for (const [name, email] of [
      ["known", known.email],
      ["unknown", unknown],
    ] as const) {
      // One more than LOGIN_FAILURES_PER_ACCOUNT (10): the code's own budget (5) runs out
      // on the way, then the address's.
      for (let i = 0; i < 11; i++) {
        const guess = await post(
          "/api/v1/login/complete",
          { email, code: String(200000 + i), password: `guess ${i}`, totp: "000000" },
          { server: s.url },
        );
        answers[name]!.push(seen(guess, email));
      }
      const deletion = await post(
        "/api/v1/account/delete",
        { email, password: "not the password" },
        { server: s.url },
      );
      answers[name]!.push(seen(deletion, email));
    }
    expect(answers.known).toEqual(answers.unknown);
    const statuses = answers.unknown!.map((a) => a.status);
    // The lock does engage (an app that never counted would pass the comparison too).
    expect(statuses).toEqual([...Array<number>(10).fill(401), 429, 401]);
  });
});

describe("activation by emailed code", () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await server({ ACTIVATION_CODE_TTL_SECONDS: "2" });
  });

  const activate = (email: string, password: string, code: string) =>
    post(
      "/api/v1/signup/activate",
      { code },
      {
        server: s.url,
        headers: { authorization: basic(email, password) },
      },
    );

  it("answers a sign-up made with someone else's address alike, whether or not it had an account", async () => {
    const owned = (await activeAccount(s.url, uniqueEmail("victim"))).email;
    const free = uniqueEmail("victim");
    const attacker = "the attacker's own password";
    const answers: ReturnType<typeof seen>[] = [];
    for (const email of [owned, free]) {
      // The attacker signs up with the address and a password of their own…
      expect(
        (await post("/api/v1/signup", { email, password: attacker }, { server: s.url })).status,
      ).toBe(202);
      // …then tries a code they cannot know.
      answers.push(seen(await activate(email, attacker, "123456"), email));
    }
    expect(answers[0]).toEqual(answers[1]);
    expect(answers[0]!.status).toBe(401);
  });

  it("says nothing about someone else's pending sign-up with an expired code", async () => {
    const pending = uniqueEmail("pending");
    const code = mailCode(
      await postForMail(
        s.url,
        "/api/v1/signup",
        { email: pending, password: STRONG_PASSWORD },
        pending,
        SUBJECT.signup,
      ),
    );
    await sleep(2_500);
    const unknown = uniqueEmail("pending");
    const guesses = [
      [seen(await activate(pending, "a guessed password", code), pending)],
      [seen(await activate(unknown, "a guessed password", code), unknown)],
    ];
    expect(guesses[0]).toEqual(guesses[1]);
    expect(guesses[0]![0]!.status).toBe(401);
  });

  it("answers a wrong code exactly like a wrong password, and says 'expired' only to the right code", async () => {
    const email = uniqueEmail("own");
    const code = mailCode(
      await postForMail(
        s.url,
        "/api/v1/signup",
        { email, password: STRONG_PASSWORD },
        email,
        SUBJECT.signup,
      ),
    );
    const wrongCode = seen(await activate(email, STRONG_PASSWORD, otherCode(code)), email);
    const wrongPassword = seen(await activate(email, "not my password", code), email);
    expect(wrongCode).toEqual(wrongPassword);
    expect(wrongCode.status).toBe(401);

    await sleep(2_500);
    const expiredWrong = seen(await activate(email, STRONG_PASSWORD, otherCode(code)), email);
    expect(expiredWrong).toEqual(wrongCode);
    const expiredRight = await activate(email, STRONG_PASSWORD, code);
    expect(expiredRight.status).toBe(410);
    expect(expiredRight.body.code).toBe("code_expired");
  });
});

describe("the deletion request", () => {
  it("treats a sign-up not yet activated like an unknown address, and mails nothing", async () => {
    const s = await server();
    const pending = uniqueEmail("not-yet");
    await postForMail(
      s.url,
      "/api/v1/signup",
      { email: pending, password: STRONG_PASSWORD },
      pending,
      SUBJECT.signup,
    );
    const unknown = uniqueEmail("not-yet");
    const answers = await Promise.all(
      [pending, unknown].map(async (email) =>
        seen(
          await post(
            "/api/v1/account/delete",
            { email, password: STRONG_PASSWORD },
            { server: s.url },
          ),
          email,
        ),
      ),
    );
    expect(answers[0]).toEqual(answers[1]);
    expect(answers[0]!.status).toBe(401);
    await sleep(500);
    expect(await mailsTo(s.url, pending, SUBJECT.deletion)).toEqual([]);
  });
});

describe("the login request", () => {
  it("is answered without reading the accounts at all, so it cannot take longer for one", async () => {
    const s = await server();
    const active = (await activeAccount(s.url, uniqueEmail("locked-out"))).email;
    const unknown = uniqueEmail("locked-out");
    // Nobody can read the accounts while this transaction holds the table.
    const blocker = new pg.Client({ connectionString: s.databaseUrl });
    await blocker.connect();
    try {
      await blocker.query(`BEGIN; LOCK TABLE "User" IN ACCESS EXCLUSIVE MODE`);
      for (const email of [active, unknown]) {
        const started = performance.now();
        const response = await post("/api/v1/login", { email }, { server: s.url });
        expect(response.status, email).toBe(202);
        // Far below the 5 s a query waiting for the lock would take to time out.
        expect(performance.now() - started, email).toBeLessThan(2_000);
      }
      expect(await mailsTo(s.url, active, SUBJECT.login)).toEqual([]);
    } finally {
      await blocker.query("ROLLBACK");
      await blocker.end();
    }
    // The worker answers once it can: a link for the account, nothing for the stranger.
    await waitForMail(s.url, active, SUBJECT.login);
    await sleep(500);
    expect(await mailsTo(s.url, unknown, SUBJECT.login)).toEqual([]);
  });
});
