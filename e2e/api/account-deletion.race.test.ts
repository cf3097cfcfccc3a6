// Threat: replaying one deletion link in parallel to delete twice, or a login that
// completes while its account is being deleted and leaves a live session behind.
import { beforeAll, describe, expect, it } from "vitest";
import { call, post, uniqueEmail, type ApiResponse } from "../support/api";
import {
  activeAccount,
  bearer,
  logIn,
  loginLinkToken,
  mailsTo,
  postForMail,
  sleep,
  SUBJECT,
  type LoginAnswer,
} from "../support/adversary";
import { accountRows } from "../support/database-inspect";
import { linkToken, waitForMail } from "../support/mailbox";
import { lockUserRow } from "../support/row-lock";
import { expectOneWinner, N, raceServer, SPENT } from "../support/races";

const race = raceServer();
let url: string;
beforeAll(() => {
  url = race.url;
});

const complete = (body: Record<string, unknown>) =>
  post<LoginAnswer>("/api/v1/login/complete", body, { server: url });

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
    expectOneWinner(responses, SPENT);
    await waitForMail(url, account.email, SUBJECT.deleted);
    await sleep(500);
    expect(await mailsTo(url, account.email, SUBJECT.deleted)).toHaveLength(1);
    expect((await accountRows(race.databaseUrl, account.email)).users).toBe(0);
    expect((await call("GET", "/api/v1/me", { server: url, headers: bearer(access) })).status).toBe(
      401,
    );
  });

  // Both the login's completion and the deletion lock the user's row first in their
  // transactions (lib/user-lock.ts). The test holds that lock itself, queues the two behind
  // it in the order it wants, then lets go, so each order is reached on purpose.
  it.each(["login", "deletion"] as const)(
    "%s first: a login completed around the deletion leaves no live session",
    async (first) => {
      const account = await activeAccount(url, uniqueEmail("race-del-login"));
      const loginToken = await loginLinkToken(url, account.email);
      const deletionToken = linkToken(
        await postForMail(
          url,
          "/api/v1/account/delete",
          { email: account.email, password: account.password },
          account.email,
          SUBJECT.deletion,
        ),
      );
      // A recovery code rather than a TOTP code: recording a TOTP step updates the user's
      // row before the transaction, so the login would queue there instead of at its lock.
      let login: Promise<ApiResponse<LoginAnswer>> | undefined;
      let deletion: Promise<ApiResponse> | undefined;
      const start = {
        login: () => {
          login = complete({
            token: loginToken,
            password: account.password,
            recoveryCode: account.recoveryCodes[0],
          });
        },
        deletion: () => {
          deletion = post(
            "/api/v1/account/delete/confirm",
            { token: deletionToken },
            { server: url },
          );
        },
      };
      const order =
        first === "login" ? (["login", "deletion"] as const) : (["deletion", "login"] as const);
      const lock = await lockUserRow(race.databaseUrl, account.email);
      try {
        for (const [i, name] of order.entries()) {
          start[name]();
          await lock.queued(i + 1);
        }
      } finally {
        await lock.release();
      }
      const [loginAnswer, deletionAnswer] = await Promise.all([login!, deletion!]);

      expect(deletionAnswer.status).toBe(200);
      if (first === "login") {
        // The dangerous order: a session created just before the account is deleted.
        expect(loginAnswer.status, JSON.stringify(loginAnswer.body)).toBe(200);
        const me = await call("GET", "/api/v1/me", {
          server: url,
          headers: bearer(loginAnswer.body.accessToken),
        });
        expect(me.status, "a session outlived the deletion of its account").toBe(401);
      } else {
        expect([401, 410], JSON.stringify(loginAnswer.body)).toContain(loginAnswer.status);
      }
      expect((await accountRows(race.databaseUrl, account.email)).users).toBe(0);
    },
  );
});
