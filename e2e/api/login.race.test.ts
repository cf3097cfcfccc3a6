// Threat: replaying one login link (or its code) and one TOTP code in parallel to open several sessions; exactly one may win.
import { describe, expect, it } from "vitest";
import { baseUrl, call, uniqueEmail } from "../support/api";
import {
  bearer,
  completeLogin,
  nextTotp,
  requestLoginMail,
  SIGN_IN_SUBJECT,
} from "../support/login";
import { linkToken, listMail, mailCode } from "../support/mailbox";
import { activatedAccount } from "../support/signup";

async function race(body: Record<string, unknown>) {
  const responses = await Promise.all(Array.from({ length: 20 }, () => completeLogin(body)));
  const statuses = responses.map((r) => r.status);
  expect(statuses.filter((s) => s >= 500)).toEqual([]);
  expect(statuses.filter((s) => s === 200)).toHaveLength(1);
  // The rest are refused as wrong (the TOTP step is spent) or as a dead link.
  // Losers: the TOTP step or the request is spent (401, 410), or the account's failure
  // budget is held by the attempts in flight (429).
  expect(statuses.filter((s) => s !== 200).every((s) => [401, 410, 429].includes(s))).toBe(true);
  return responses.find((r) => r.status === 200)!;
}

async function signInMails(email: string) {
  // The notice is queued in the login's transaction; give the queue a moment to drain.
  await new Promise((r) => setTimeout(r, 500));
  return (await listMail(baseUrl(), email)).filter((m) => SIGN_IN_SUBJECT.test(m.subject));
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
