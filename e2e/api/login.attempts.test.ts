// Threat: guessing the password, the TOTP code or the emailed code by brute force; links die after 5 failures, accounts and clients get locked out.
import { describe, expect, it } from "vitest";
import { STRONG_PASSWORD, uniqueEmail } from "../support/api";
import {
  completeLogin,
  loginLink,
  nextTotp,
  otherCode,
  requestLoginMail,
  wrongTotp,
} from "../support/login";
import { linkToken, mailCode } from "../support/mailbox";
import { activatedAccount } from "../support/signup";
import { dedicatedServers } from "../support/dedicated-server";

const server = dedicatedServers({ MAIL_PER_IP_PER_HOUR: "1000", MAIL_PER_ADDRESS_PER_HOUR: "100" });

describe("failed attempts on one link", () => {
  it("kill the link after 5, even for the right factors; its code keeps its own budget; a new link works", async () => {
    const account = await activatedAccount(uniqueEmail());
    const mail = await requestLoginMail(account.email);
    const token = linkToken(mail);
    for (let i = 0; i < 5; i++) {
      const wrong =
        i % 2 === 0
          ? { password: `wrong password ${i}`, totp: await wrongTotp(account.secret) }
          : { password: account.password, totp: await wrongTotp(account.secret) };
      const response = await completeLogin({ token, ...wrong });
      expect(response.status).toBe(401);
      expect(response.body.code).toBe("invalid_credentials");
    }
    const right = { password: account.password, totp: await nextTotp(account.secret) };
    const dead = await completeLogin({ token, ...right });
    expect(dead.status).toBe(410);
    expect(dead.body.code).toBe("token_invalid");
    // The code has a budget of its own (SPEC 2): whoever typed it can still use it.
    const code = await completeLogin({ email: account.email, code: mailCode(mail), ...right });
    expect(code.status).toBe(200);

    const fresh = await completeLogin({
      token: await loginLink(account.email),
      password: account.password,
      totp: await nextTotp(account.secret),
    });
    expect(fresh.status).toBe(200);
  });

  it("kill the emailed code after 5 wrong codes, and leave the link in the owner's inbox alive", async () => {
    const account = await activatedAccount(uniqueEmail());
    const mail = await requestLoginMail(account.email);
    const right = { password: account.password, totp: await nextTotp(account.secret) };
    for (let i = 0; i < 5; i++) {
      const response = await completeLogin({
        email: account.email,
        code: otherCode(mailCode(mail)),
        ...right,
      });
      expect(response.status).toBe(401);
    }
    // The right code now answers like a wrong one (and like an unknown address)…
    const code = await completeLogin({ email: account.email, code: mailCode(mail), ...right });
    expect(code.status).toBe(401);
    expect(code.body.code).toBe("invalid_credentials");
    // …but whoever guessed at the code cannot kill the link in its owner's inbox.
    const link = await completeLogin({ token: linkToken(mail), ...right });
    expect(link.status).toBe(200);
  });
});

describe("account lock", () => {
  it("locks the account with 429 and Retry-After once the failures reach the limit, across links", async () => {
    const s = await server({ LOGIN_FAILURES_PER_ACCOUNT: "7", LOGIN_FAILURES_PER_IP: "1000" });
    const account = await activatedAccount(uniqueEmail(), STRONG_PASSWORD, s.url);
    const bystander = await activatedAccount(uniqueEmail("bystander"), STRONG_PASSWORD, s.url);

    // Five failures kill the first link; two more on a second link reach the limit.
    const first = await loginLink(account.email, s.url);
    for (let i = 0; i < 5; i++) {
      const response = await completeLogin(
        { token: first, password: `wrong password ${i}`, totp: "123456" },
        s.url,
      );
      expect(response.status).toBe(401);
    }
    const second = await loginLink(account.email, s.url);
    for (let i = 0; i < 2; i++) {
      const response = await completeLogin(
        { token: second, password: account.password, totp: await wrongTotp(account.secret) },
        s.url,
      );
      expect(response.status).toBe(401);
    }

    // Locked: even the right factors are refused, on the live link and on a new one.
    const totp = await nextTotp(account.secret);
    const locked = await completeLogin({ token: second, password: account.password, totp }, s.url);
    expect(locked.status).toBe(429);
    expect(locked.headers.get("content-type")).toContain("application/problem+json");
    expect(locked.body.code).toBe("rate_limited");
    const retryAfter = Number(locked.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(900);

    const third = await loginLink(account.email, s.url);
    const stillLocked = await completeLogin(
      { token: third, password: account.password, totp },
      s.url,
    );
    expect(stillLocked.status).toBe(429);
    expect(Number(stillLocked.headers.get("retry-after"))).toBeGreaterThan(0);

    // The lock is the account's, not the client's: another account logs in from here.
    const other = await completeLogin(
      {
        token: await loginLink(bystander.email, s.url),
        password: bystander.password,
        totp: await nextTotp(bystander.secret),
      },
      s.url,
    );
    expect(other.status).toBe(200);
  });

  it("lifts the lock when the window has passed", async () => {
    const s = await server({
      LOGIN_FAILURES_PER_ACCOUNT: "2",
      LOGIN_FAILURES_PER_IP: "1000",
      LOGIN_LOCK_SECONDS: "3",
    });
    const account = await activatedAccount(uniqueEmail(), STRONG_PASSWORD, s.url);
    const token = await loginLink(account.email, s.url);
    for (let i = 0; i < 2; i++) {
      expect(
        (await completeLogin({ token, password: `wrong password ${i}`, totp: "123456" }, s.url))
          .status,
      ).toBe(401);
    }
    const totp = await nextTotp(account.secret);
    const locked = await completeLogin({ token, password: account.password, totp }, s.url);
    expect(locked.status).toBe(429);
    const retryAfter = Number(locked.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(3);

    await new Promise((r) => setTimeout(r, retryAfter * 1000 + 500));
    const open = await completeLogin({ token, password: account.password, totp }, s.url);
    expect(open.status).toBe(200);
  });
});

describe("client (IP) lock", () => {
  it("locks a client out after failures spread over several accounts, for every account", async () => {
    const s = await server({ LOGIN_FAILURES_PER_ACCOUNT: "1000", LOGIN_FAILURES_PER_IP: "4" });
    const accounts = await Promise.all(
      ["a", "b", "c"].map((label) => activatedAccount(uniqueEmail(label), STRONG_PASSWORD, s.url)),
    );
    const [a, b, c] = accounts as [
      (typeof accounts)[0],
      (typeof accounts)[0],
      (typeof accounts)[0],
    ];

    // Two failures on each of two accounts, and none of them locks an account by itself.
    for (const account of [a, b]) {
      const token = await loginLink(account.email, s.url);
      for (let i = 0; i < 2; i++) {
        const response = await completeLogin(
          { token, password: `wrong password ${i}`, totp: "123456" },
          s.url,
        );
        expect(response.status).toBe(401);
      }
    }

    const locked = await completeLogin(
      {
        token: await loginLink(c.email, s.url),
        password: c.password,
        totp: await nextTotp(c.secret),
      },
      s.url,
    );
    expect(locked.status).toBe(429);
    expect(locked.body.code).toBe("rate_limited");
    expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(0);

    // Guessing addresses with the emailed-code form is locked the same way.
    const guess = await completeLogin(
      { email: uniqueEmail("nobody"), code: "123456", password: STRONG_PASSWORD, totp: "123456" },
      s.url,
    );
    expect(guess.status).toBe(429);
  });

  it("counts failures for unknown addresses too", async () => {
    const s = await server({ LOGIN_FAILURES_PER_ACCOUNT: "1000", LOGIN_FAILURES_PER_IP: "3" });
    const account = await activatedAccount(uniqueEmail(), STRONG_PASSWORD, s.url);
    for (let i = 0; i < 3; i++) {
      const response = await completeLogin(
        {
          email: uniqueEmail("nobody"),
          code: "123456",
          password: STRONG_PASSWORD,
          totp: "123456",
        },
        s.url,
      );
      expect(response.status).toBe(401);
    }
    const locked = await completeLogin(
      {
        token: await loginLink(account.email, s.url),
        password: account.password,
        totp: await nextTotp(account.secret),
      },
      s.url,
    );
    expect(locked.status).toBe(429);
  });
});

describe("locks under a burst of concurrent guesses", () => {
  it("checks a burst on one account exactly LOGIN_FAILURES_PER_ACCOUNT times", async () => {
    const s = await server({ LOGIN_FAILURES_PER_ACCOUNT: "3", LOGIN_FAILURES_PER_IP: "1000" });
    const account = await activatedAccount(uniqueEmail(), STRONG_PASSWORD, s.url);
    const token = await loginLink(account.email, s.url);
    // Five guesses fit the link's own budget; only three may fit the account's.
    const responses = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        completeLogin({ token, password: `wrong password ${i}`, totp: "123456" }, s.url),
      ),
    );
    // Exactly the budget is checked (and refused as wrong); the rest meet the lock. An app
    // that always answered 429, or never locked, would fail here.
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses, `statuses ${statuses}`).toEqual([401, 401, 401, 429, 429]);
  });

  it("checks a burst from one client exactly LOGIN_FAILURES_PER_IP times", async () => {
    const s = await server({ LOGIN_FAILURES_PER_ACCOUNT: "1000", LOGIN_FAILURES_PER_IP: "3" });
    const responses = await Promise.all(
      Array.from({ length: 20 }, () =>
        completeLogin(
          {
            email: uniqueEmail("nobody"),
            code: "123456",
            password: STRONG_PASSWORD,
            totp: "123456",
          },
          s.url,
        ),
      ),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses, `statuses ${statuses}`).toEqual([
      ...Array<number>(3).fill(401),
      ...Array<number>(17).fill(429),
    ]);
  });
});
