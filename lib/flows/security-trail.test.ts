// Threat: an attack or a change to an account that leaves no trace its owner or an operator
// can find; or a trail that holds what it must not (a secret, or events of a deleted account
// tied to it). Each event is caused here by the workflow that records it, and read back as
// the account's activity list reads it.
import { describe, expect, it } from "vitest";
import {
  activeAccount,
  client,
  failure,
  freshDatabase,
  lastMail,
  loginMail,
  pendingSignup,
  STRONG_PASSWORD,
  SUBJECT,
  tokenIn,
} from "../../e2e/support/in-process";
import { nextTotp, wrongTotp } from "../../e2e/support/totp";
import { listEvents } from "../auth/security-events";
import { revokeOtherSessions, revokeSession } from "../auth/sessions";
import { sha256 } from "../crypto/primitives";
import { db } from "../server/db";
import { purgeOldEvents } from "../server/housekeeping";
import { securityEventTypes, signupRequest } from "../shared/schemas";
import { confirmAccountDeletion, requestAccountDeletion } from "./account-deletion";
import {
  confirmAuthenticatorReplacement,
  startAuthenticatorReplacement,
} from "./authenticator-replacement";
import { completeLogin, requestLogin } from "./login";
import { changePassword } from "./password-change";
import { requestPasswordReset, resetPassword } from "./password-reset";
import { regenerateRecoveryCodes } from "./recovery-codes";
import { confirmSignup, requestSignup } from "./signup";

await freshDatabase({
  LOGIN_FAILURES_PER_ACCOUNT: "3",
  TOKEN_MAX_ATTEMPTS: "2",
  MAIL_PER_ADDRESS_PER_HOUR: "8",
});

const NEW_PASSWORD = "a new and rather long passphrase";
const seen = new Set<string>();

/**
 * The account's activity as /me and GET /api/v1/me/events show it, oldest first; events of
 * one statement share their time, and are taken in the order of their names.
 */
async function activity(userId: string) {
  const events = (await listEvents(userId)).sort(
    (a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.type.localeCompare(b.type),
  );
  for (const e of events) seen.add(e.type);
  return events;
}

/** A login link asked for from `ctx`: the worker records the event with that client. */
async function loginMailFrom(email: string, ctx: ReturnType<typeof client>) {
  await requestLogin(email, ctx);
  return lastMail(email, SUBJECT.login);
}

const typesOf = async (userId: string) => (await activity(userId)).map((e) => e.type);

async function logIn(account: { email: string; password: string; secret: string }, ctx = client()) {
  const token = tokenIn(await loginMail(account.email));
  return completeLogin(
    { token },
    { password: account.password, totp: await nextTotp(account.secret) },
    "API",
    ctx,
  );
}

describe("the security trail", () => {
  it("records a sign-up asked for and activated, and a sign-up for a taken address", async () => {
    const { email, token } = await pendingSignup();
    const ctx = client("signup");
    const activation = await confirmSignup(token, STRONG_PASSWORD, ctx);
    const events = await activity(activation.user.id);
    expect(events.map((e) => e.type)).toEqual(["SIGNUP_REQUESTED", "SIGNUP_ACTIVATED"]);
    expect(events[1]).toMatchObject({
      outcome: "SUCCESS",
      ip: ctx.ip,
      device: expect.any(String),
      summary: "Account activated",
    });

    // Someone signs up with the address: its owner can see it.
    await requestSignup(signupRequest.parse({ email, password: NEW_PASSWORD }), client());
    expect((await activity(activation.user.id)).at(-1)).toMatchObject({
      type: "SIGNUP_REQUESTED",
      detail: "address already registered",
    });
  });

  it("records the login link asked for (from the asking client) and the login", async () => {
    const account = await activeAccount();
    const asking = client("asking");
    await completeLogin(
      { token: tokenIn(await loginMailFrom(account.email, asking)) },
      { password: account.password, totp: await nextTotp(account.secret) },
      "API",
      client("completing"),
    );
    const events = (await activity(account.id)).slice(-2);
    expect(events.map((e) => [e.type, e.ip])).toEqual([
      ["LOGIN_LINK_REQUESTED", asking.ip],
      ["LOGIN_SUCCEEDED", expect.not.stringMatching(asking.ip)],
    ]);
  });

  it("records which factor failed a login, a replayed TOTP code and a recovery code used", async () => {
    const account = await activeAccount();
    const login = async (factors: { password: string; totp?: string; recoveryCode?: string }) =>
      completeLogin({ token: tokenIn(await loginMail(account.email)) }, factors, "API", client());

    await failure(login({ password: "not the password", totp: await nextTotp(account.secret) }));
    await failure(login({ password: account.password, totp: await wrongTotp(account.secret) }));
    const totp = await nextTotp(account.secret);
    await login({ password: account.password, totp });
    await failure(login({ password: account.password, totp }));
    await login({ password: account.password, recoveryCode: account.recoveryCodes[0]! });

    const events = (await activity(account.id)).filter((e) => e.type !== "LOGIN_LINK_REQUESTED");
    expect(events.map((e) => [e.type, e.outcome, e.detail])).toEqual([
      ["SIGNUP_REQUESTED", "SUCCESS", null],
      ["SIGNUP_ACTIVATED", "SUCCESS", null],
      ["LOGIN_FAILED", "FAILURE", "password"],
      ["LOGIN_FAILED", "FAILURE", "totp"],
      ["LOGIN_SUCCEEDED", "SUCCESS", null],
      ["LOGIN_FAILED", "FAILURE", "totp"],
      ["TOTP_REPLAY_REFUSED", "FAILURE", null],
      ["LOGIN_SUCCEEDED", "SUCCESS", null],
      ["RECOVERY_CODE_USED", "SUCCESS", null],
    ]);
  });

  it("records a failed login by emailed code for the address's owner", async () => {
    const account = await activeAccount();
    await loginMail(account.email);
    await failure(
      completeLogin(
        { email: account.email, code: "000000" },
        { password: account.password, totp: await nextTotp(account.secret) },
        "API",
        client(),
      ),
    );
    expect((await activity(account.id)).at(-1)).toMatchObject({
      type: "LOGIN_FAILED",
      detail: expect.stringMatching(/code/),
    });
  });

  it("records a lock-out when the account's failure budget is spent", async () => {
    const account = await activeAccount();
    for (let i = 0; i < 3; i++)
      await failure(requestAccountDeletion(account.email, `wrong ${i}`, client()));
    await failure(requestAccountDeletion(account.email, account.password, client()), {
      status: 429,
      code: "rate_limited",
    });
    expect((await activity(account.id)).at(-1)).toMatchObject({
      type: "ACCOUNT_LOCKED",
      outcome: "FAILURE",
      detail: "deletion",
    });
  });

  it("records a link reused, expired and exhausted", async () => {
    const account = await activeAccount();
    const used = tokenIn(await loginMail(account.email));
    const good = { password: account.password, totp: await nextTotp(account.secret) };
    // A dead link is refused before any factor is checked.
    const any = { password: account.password, totp: "000000" };
    await completeLogin({ token: used }, good, "API", client());
    await failure(completeLogin({ token: used }, any, "API", client()), {
      status: 410,
      code: "token_used",
    });

    const expired = tokenIn(await loginMail(account.email));
    await db().oneTimeToken.update({
      where: { tokenHash: sha256(expired) },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    await failure(completeLogin({ token: expired }, any, "API", client()));

    const guessed = tokenIn(await loginMail(account.email));
    const wrong = { password: "not it", totp: "000000" };
    for (let i = 0; i < 2; i++)
      await failure(completeLogin({ token: guessed }, wrong, "API", client()));
    await failure(completeLogin({ token: guessed }, any, "API", client()), {
      status: 410,
      code: "token_invalid",
    });

    const dead = (await activity(account.id)).filter((e) => e.type.startsWith("LINK_"));
    expect(dead.map((e) => [e.type, e.detail])).toEqual([
      ["LINK_REUSED", "login link"],
      ["LINK_EXPIRED", "login link"],
      ["LINK_EXHAUSTED", "login link"],
    ]);
  });

  it("records each change to the account, and the sessions ended", async () => {
    const account = await activeAccount();
    const session = (await logIn(account)).session;

    await changePassword(
      account.id,
      session.id,
      {
        currentPassword: account.password,
        recoveryCode: account.recoveryCodes[1]!,
        newPassword: NEW_PASSWORD,
      },
      client(),
    );
    const started = await startAuthenticatorReplacement(
      account.id,
      { password: NEW_PASSWORD, totp: await nextTotp(account.secret) },
      client(),
    );
    await confirmAuthenticatorReplacement(account.id, await nextTotp(started.secret), client());
    const codes = await regenerateRecoveryCodes(
      account.id,
      NEW_PASSWORD,
      await nextTotp(started.secret),
      client(),
    );

    // Two more sessions, by recovery code (the new key's next steps are minutes away).
    const byCode = async (code: string) =>
      completeLogin(
        { token: tokenIn(await loginMail(account.email)) },
        { password: NEW_PASSWORD, recoveryCode: code },
        "API",
        client(),
      );
    const other = (await byCode(codes[0]!)).session;
    await byCode(codes[1]!);
    expect(await revokeSession(account.id, other.id, client())).toBe(true);
    expect(await revokeOtherSessions(account.id, session.id, client())).toBe(1);

    await requestPasswordReset(account.email, client());
    const token = tokenIn(await lastMail(account.email, SUBJECT.reset));
    await resetPassword(
      { token },
      { recoveryCode: codes[2]! },
      "yet another long passphrase",
      client(),
    );

    const types = await typesOf(account.id);
    const changes = types.filter((t) => !/^LOGIN_|^SIGNUP_/.test(t));
    expect(changes).toEqual([
      "PASSWORD_CHANGED",
      "RECOVERY_CODE_USED",
      "AUTHENTICATOR_REPLACED",
      "RECOVERY_CODES_REGENERATED",
      "RECOVERY_CODE_USED",
      "RECOVERY_CODE_USED",
      "SESSION_REVOKED",
      "SESSION_REVOKED",
      "PASSWORD_RESET",
      "RECOVERY_CODE_USED",
    ]);
  });

  it("records a rate limit hit, for the account whose address it counted", async () => {
    const account = await activeAccount();
    // The sign-up's mail and seven login links make eight, the most an hour allows.
    for (let i = 0; i < 7; i++) await loginMail(account.email);
    await failure(requestPasswordReset(account.email, client()), {
      status: 429,
      code: "rate_limited",
    });
    expect((await activity(account.id)).at(-1)).toMatchObject({
      type: "RATE_LIMITED",
      detail: "mail:address",
    });
  });

  it("keeps a deleted account's events, unlinked from it, with 'account deleted' last", async () => {
    const account = await activeAccount();
    await logIn(account);
    const ids = (await activity(account.id)).map((e) => e.id);
    await requestAccountDeletion(account.email, account.password, client());
    const token = tokenIn(await lastMail(account.email, SUBJECT.deletion));
    const ctx = client("deleting");
    await confirmAccountDeletion(token, ctx);

    const kept = await db().securityEvent.findMany({ where: { id: { in: ids } } });
    expect(kept).toHaveLength(ids.length);
    expect(kept.every((e) => e.userId === null)).toBe(true);
    const deleted = await db().securityEvent.findFirst({
      where: { type: "ACCOUNT_DELETED", ip: ctx.ip },
    });
    expect(deleted).toMatchObject({ userId: null, userAgent: ctx.userAgent, outcome: "SUCCESS" });
    seen.add("ACCOUNT_DELETED");
  });

  it("stores nothing secret: no password, code, token or key in any event", async () => {
    const rows = await db().securityEvent.findMany();
    const stored = JSON.stringify(rows);
    expect(rows.length).toBeGreaterThan(40);
    for (const secret of [STRONG_PASSWORD, NEW_PASSWORD, "not the password"])
      expect(stored).not.toContain(secret);
  });

  it("has covered every kind of event", () => {
    expect([...seen].sort()).toEqual([...securityEventTypes].sort());
  });
});

describe("retention", () => {
  it("purges the events older than SECURITY_EVENT_RETENTION_DAYS (90) and keeps the rest", async () => {
    const account = await activeAccount();
    const day = 24 * 3600 * 1000;
    const old = await db().securityEvent.create({
      data: {
        type: "LOGIN_SUCCEEDED",
        outcome: "SUCCESS",
        userId: account.id,
        createdAt: new Date(Date.now() - 91 * day),
      },
    });
    const recent = await db().securityEvent.create({
      data: {
        type: "LOGIN_SUCCEEDED",
        outcome: "SUCCESS",
        userId: account.id,
        createdAt: new Date(Date.now() - 89 * day),
      },
    });
    expect(await purgeOldEvents()).toBeGreaterThanOrEqual(1);
    const left = await db().securityEvent.findMany({ where: { id: { in: [old.id, recent.id] } } });
    expect(left.map((e) => e.id)).toEqual([recent.id]);
  });
});
