// Threat: someone holding a session mints recovery codes (a permanent way in) without the password and the authenticator, or old codes keep working after new ones are issued.
import { describe, expect, it } from "vitest";
import { uniqueEmail } from "../support/api";
import { regenerateRecoveryCodes } from "../support/lifecycle";
import {
  apiSession,
  completeLogin,
  loginLink,
  loginWith,
  nextTotp,
  wrongTotp,
} from "../support/login";
import { activatedAccount } from "../support/signup";

describe("POST /api/v1/me/recovery-codes", () => {
  it("with the password and a TOTP code: ten new codes; the old set dies, the new one logs in", async () => {
    const account = await activatedAccount(uniqueEmail("codes"));
    const token = await apiSession(account, 0);
    const response = await regenerateRecoveryCodes(token, {
      password: account.password,
      totp: await nextTotp(account.secret),
    });
    expect(response.status).toBe(200);
    expect(response.body.message).toMatch(/old ones no longer work/);
    const fresh = response.body.recoveryCodes!;
    expect(fresh).toHaveLength(10);
    expect(new Set(fresh).size).toBe(10);
    expect(fresh.filter((c) => account.recoveryCodes.includes(c))).toEqual([]);

    const login = await loginLink(account.email);
    const withCode = (recoveryCode: string) =>
      completeLogin({ token: login, password: account.password, recoveryCode });
    expect((await withCode(account.recoveryCodes[1]!)).status).toBe(401);
    expect((await withCode(fresh[0]!)).status).toBe(200);
  });

  it("refuses a wrong password, a wrong TOTP code or a recovery code in its place, and keeps the old set", async () => {
    const account = await activatedAccount(uniqueEmail("codes-refused"));
    const token = await apiSession(account, 0);
    const totp = await nextTotp(account.secret);
    const statuses = [
      (await regenerateRecoveryCodes(token, { password: "not the password", totp })).status,
      (
        await regenerateRecoveryCodes(token, {
          password: account.password,
          totp: await wrongTotp(account.secret),
        })
      ).status,
      (
        await regenerateRecoveryCodes(token, {
          password: account.password,
          recoveryCode: account.recoveryCodes[1],
        })
      ).status,
      (await regenerateRecoveryCodes("A".repeat(43), { password: account.password, totp })).status,
    ];
    expect(statuses).toEqual([401, 401, 400, 401]);
    // Nothing was replaced or spent: an old code logs in, and the same TOTP code still works.
    const login = await loginWith(account.email, {
      password: account.password,
      recoveryCode: account.recoveryCodes[1],
    });
    expect(login.status).toBe(200);
    expect(
      (await regenerateRecoveryCodes(token, { password: account.password, totp })).status,
    ).toBe(200);
  });
});
