// Threat: someone holding a session (a stolen token, an unlocked laptop) changes the password without knowing the factors, or keeps their session alive through the owner's change.
import { describe, expect, it } from "vitest";
import { post, uniqueEmail } from "../support/api";
import { changePassword, NEW_PASSWORD } from "../support/lifecycle";
import {
  apiSession,
  bearer,
  browserSession,
  completeLogin,
  loginLink,
  loginWith,
  me,
  nextTotp,
  stillSignedIn,
  wrongTotp,
} from "../support/login";
import { activatedAccount } from "../support/signup";

describe("POST /api/v1/me/password", () => {
  it("ends every other session, browser and API, and keeps the one it was sent with", async () => {
    const account = await activatedAccount(uniqueEmail("change"));
    const browser = await browserSession(account);
    const other = await apiSession(account, 0);
    const current = await apiSession(account, 1);
    expect(await stillSignedIn(browser)).toBe(true);
    expect((await me(other)).status).toBe(200);

    const changed = await changePassword(current, {
      currentPassword: account.password,
      recoveryCode: account.recoveryCodes[2],
      newPassword: NEW_PASSWORD,
    });
    expect(changed.status).toBe(200);
    expect(changed.body.message).toMatch(/every other session signed out/);
    expect((await me(current)).status).toBe(200);
    expect((await me(other)).status).toBe(401);
    expect(await stillSignedIn(browser)).toBe(false);

    // On one login link: the old password is refused, the new one logs in.
    const token = await loginLink(account.email);
    const login = (password: string) =>
      completeLogin({ token, password, recoveryCode: account.recoveryCodes[3] });
    expect((await login(account.password)).status).toBe(401);
    expect((await login(NEW_PASSWORD)).status).toBe(200);
  });

  it("refuses a wrong current password (401), changes nothing, and spends no second factor", async () => {
    const account = await activatedAccount(uniqueEmail("change-wrong"));
    const current = await apiSession(account, 0);
    const other = await apiSession(account, 1);
    const totp = await nextTotp(account.secret);
    const wrong = await changePassword(current, {
      currentPassword: "not the password",
      totp,
      newPassword: NEW_PASSWORD,
    });
    expect([wrong.status, wrong.body.code]).toEqual([401, "invalid_credentials"]);
    expect((await me(other)).status).toBe(200);
    // The same TOTP code then works: the refusal did not spend it.
    const right = await changePassword(current, {
      currentPassword: account.password,
      totp,
      newPassword: NEW_PASSWORD,
    });
    expect(right.status).toBe(200);
    expect((await me(other)).status).toBe(401);
  });

  it("needs a second factor: none, a wrong or replayed TOTP code and a used recovery code are refused", async () => {
    const account = await activatedAccount(uniqueEmail("change-factor"));
    const totp = await nextTotp(account.secret);
    const login = await loginWith(account.email, { password: account.password, totp });
    expect(login.status).toBe(200);
    const current = login.body.accessToken;
    await apiSession(account, 0);
    const change = (factor: Record<string, string | undefined>) =>
      changePassword(current, {
        currentPassword: account.password,
        newPassword: NEW_PASSWORD,
        ...factor,
      });

    const none = await change({});
    expect([none.status, none.body.code]).toEqual([400, "validation_failed"]);
    expect(Object.keys(none.body.errors ?? {})).toEqual(["totp"]);
    const refused = {
      wrong: (await change({ totp: await wrongTotp(account.secret) })).status,
      replayed: (await change({ totp })).status,
      used: (await change({ recoveryCode: account.recoveryCodes[0] })).status,
    };
    expect(refused).toEqual({ wrong: 401, replayed: 401, used: 401 });
    expect((await change({ recoveryCode: account.recoveryCodes[1] })).status).toBe(200);
  });

  it("refuses a new password outside the policy (400 naming newPassword), and spends nothing", async () => {
    const account = await activatedAccount(uniqueEmail("change-weak"));
    const current = await apiSession(account, 0);
    const change = (newPassword: string) =>
      changePassword(current, {
        currentPassword: account.password,
        recoveryCode: account.recoveryCodes[1],
        newPassword,
      });
    const common = await change("password123");
    expect([common.status, common.body.code]).toEqual([400, "weak_password"]);
    expect(common.body.errors).toEqual({ newPassword: [expect.stringMatching(/common/)] });
    const short = await change("short");
    expect([short.status, short.body.code]).toEqual([400, "validation_failed"]);
    expect(Object.keys(short.body.errors ?? {})).toEqual(["newPassword"]);
    expect((await change(NEW_PASSWORD)).status).toBe(200);
  });

  it("refuses a request without a live session (401)", async () => {
    const account = await activatedAccount(uniqueEmail("change-anon"));
    const body = {
      currentPassword: account.password,
      recoveryCode: account.recoveryCodes[0],
      newPassword: NEW_PASSWORD,
    };
    const junk = await changePassword("A".repeat(43), body);
    expect([junk.status, junk.body.code]).toEqual([401, "unauthenticated"]);
    const ended = await apiSession(account, 1);
    expect((await post("/api/v1/logout", undefined, { headers: bearer(ended) })).status).toBe(204);
    expect((await changePassword(ended, body)).status).toBe(401);
    // Nothing was spent or changed: the code and the password still log in.
    const login = await loginWith(account.email, {
      password: account.password,
      recoveryCode: account.recoveryCodes[0],
    });
    expect(login.status).toBe(200);
  });
});
