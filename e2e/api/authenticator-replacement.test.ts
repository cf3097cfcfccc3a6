// Threat: a session thief swaps in their own authenticator, a new key that never reached the owner's app locks them out, or the old key keeps working once the new one is in place.
import { generate } from "otplib";
import { describe, expect, it } from "vitest";
import { uniqueEmail } from "../support/api";
import { confirmAuthenticator, replaceAuthenticator } from "../support/lifecycle";
import { apiSession, completeLogin, loginLink, nextTotp, wrongTotp } from "../support/login";
import { activatedAccount, type Activated } from "../support/signup";

/** A signed-in account (its session opened with recovery code 0) and its access token. */
async function signedInAccount(label: string) {
  const account = await activatedAccount(uniqueEmail(label));
  return { account, token: await apiSession(account, 0) };
}

/** Starts the replacement with the password and `factor`; the new key's secret. */
async function newKey(account: Activated, token: string, factor: Record<string, string>) {
  const response = await replaceAuthenticator(token, { password: account.password, ...factor });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body.totp!.secret;
}

/** Logging in on one link: the status with each TOTP code in turn. */
async function loginStatuses(account: Activated, codes: string[]) {
  const token = await loginLink(account.email);
  const statuses = [];
  for (const totp of codes)
    statuses.push((await completeLogin({ token, password: account.password, totp })).status);
  return statuses;
}

const nothingToConfirm = { status: 400, code: "nothing_to_confirm" };
const answer = (response: { status: number; body: { code?: string } }) => ({
  status: response.status,
  code: response.body.code,
});

describe("replacing the authenticator", () => {
  it("issues a new key, and until it is confirmed only the old key logs in", async () => {
    const { account, token } = await signedInAccount("authn-before");
    const started = await replaceAuthenticator(token, {
      password: account.password,
      totp: await nextTotp(account.secret),
    });
    expect(started.status).toBe(200);
    const { secret, uri, qrSvg } = started.body.totp!;
    expect(started.body.message).toMatch(/old key keeps working/);
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(secret).not.toBe(account.secret);
    expect(uri).toMatch(new RegExp(`^otpauth://totp/.*[?&]secret=${secret}(&|$)`));
    expect(qrSvg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);

    // The new key's current code first (refused), then the old key's next one (taken).
    expect(
      await loginStatuses(account, [await generate({ secret }), await nextTotp(account.secret)]),
    ).toEqual([401, 200]);
  });

  it("once a code from the new key confirms it, only the new key logs in", async () => {
    const { account, token } = await signedInAccount("authn-after");
    const secret = await newKey(account, token, { totp: await nextTotp(account.secret) });
    const confirmed = await confirmAuthenticator(token, await nextTotp(secret));
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.message).toMatch(/codes from the old one no longer work/);
    // Both codes are of a time step not used yet: only the key decides.
    expect(
      await loginStatuses(account, [await nextTotp(account.secret), await nextTotp(secret)]),
    ).toEqual([401, 200]);
  });

  it("starts with a recovery code when the phone is lost, and spends that code", async () => {
    const { account, token } = await signedInAccount("authn-lost");
    const secret = await newKey(account, token, { recoveryCode: account.recoveryCodes[1]! });
    expect((await confirmAuthenticator(token, await nextTotp(secret))).status).toBe(200);
    const login = await loginLink(account.email);
    const spent = await completeLogin({
      token: login,
      password: account.password,
      recoveryCode: account.recoveryCodes[1],
    });
    expect(spent.status).toBe(401);
    const withNewKey = await completeLogin({
      token: login,
      password: account.password,
      totp: await nextTotp(secret),
    });
    expect(withNewKey.status).toBe(200);
  });

  it("is not confirmed by a code from the old key; the new key's code then confirms it", async () => {
    const { account, token } = await signedInAccount("authn-old-code");
    const secret = await newKey(account, token, { recoveryCode: account.recoveryCodes[1]! });
    const withOldKey = await confirmAuthenticator(token, await nextTotp(account.secret));
    expect(answer(withOldKey)).toEqual({ status: 401, code: "invalid_credentials" });
    expect((await confirmAuthenticator(token, await nextTotp(secret))).status).toBe(200);
  });

  it("answers 400 nothing_to_confirm when no new key waits: before a start, and a second time", async () => {
    const { account, token } = await signedInAccount("authn-twice");
    expect(answer(await confirmAuthenticator(token, await nextTotp(account.secret)))).toEqual(
      nothingToConfirm,
    );
    const secret = await newKey(account, token, { recoveryCode: account.recoveryCodes[1]! });
    expect((await confirmAuthenticator(token, await nextTotp(secret))).status).toBe(200);
    expect(answer(await confirmAuthenticator(token, await nextTotp(secret)))).toEqual(
      nothingToConfirm,
    );
  });

  it("needs the password and a second factor; a refused start stages no key and spends nothing", async () => {
    const { account, token } = await signedInAccount("authn-refused");
    const recoveryCode = account.recoveryCodes[1]!;
    const refused = [
      await replaceAuthenticator(token, { password: "not the password", recoveryCode }),
      await replaceAuthenticator(token, {
        password: account.password,
        totp: await wrongTotp(account.secret),
      }),
      await replaceAuthenticator(token, {
        password: account.password,
        recoveryCode: account.recoveryCodes[0]!,
      }),
    ].map(answer);
    expect(refused).toEqual(Array(3).fill({ status: 401, code: "invalid_credentials" }));
    const none = await replaceAuthenticator(token, { password: account.password });
    expect(answer(none)).toEqual({ status: 400, code: "validation_failed" });
    const anonymous = await replaceAuthenticator("A".repeat(43), {
      password: account.password,
      recoveryCode,
    });
    expect(answer(anonymous)).toEqual({ status: 401, code: "unauthenticated" });
    expect(answer(await confirmAuthenticator(token, await nextTotp(account.secret)))).toEqual(
      nothingToConfirm,
    );
    // The recovery code offered with the wrong password is still good.
    await newKey(account, token, { recoveryCode });
  });
});
