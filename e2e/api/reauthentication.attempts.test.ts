// Threat: someone holding a session guesses the password or the authenticator code, without limit, through the operations that ask for them again (new recovery codes, a new password, a new authenticator).
import { beforeAll, describe, expect, it } from "vitest";
import { STRONG_PASSWORD, uniqueEmail } from "../support/api";
import { sleep } from "../support/adversary";
import { dedicatedServers } from "../support/dedicated-server";
import {
  changePassword,
  NEW_PASSWORD,
  regenerateRecoveryCodes,
  replaceAuthenticator,
} from "../support/lifecycle";
import { expectLimited } from "../support/limits";
import { apiSession, nextTotp, wrongTotp } from "../support/login";
import { activatedAccount } from "../support/signup";

const FAILURES = 3;
const LOCK_SECONDS = 10;

const dedicated = dedicatedServers({
  LOGIN_FAILURES_PER_ACCOUNT: String(FAILURES),
  LOGIN_FAILURES_PER_IP: "100000",
  LOGIN_LOCK_SECONDS: String(LOCK_SECONDS),
  MAIL_PER_ADDRESS_PER_HOUR: "100",
  MAIL_PER_IP_PER_HOUR: "100000",
});
let url: string;
beforeAll(async () => {
  url = (await dedicated()).url;
});

/** An account on this file's server, signed in with its recovery code 0. */
async function signedIn(label: string) {
  const account = await activatedAccount(uniqueEmail(label), STRONG_PASSWORD, url);
  return { account, token: await apiSession(account, 0, url) };
}

describe("failed re-authentication", () => {
  it(`${FAILURES} wrong TOTP codes while regenerating recovery codes lock it (429, Retry-After); the right code is refused until the window ends, then taken`, async () => {
    const { account, token } = await signedIn("regen-lock");
    const regenerate = (totp: string) =>
      regenerateRecoveryCodes(token, { password: account.password, totp }, { server: url });
    for (let i = 0; i < FAILURES; i++)
      expect((await regenerate(await wrongTotp(account.secret))).status).toBe(401);

    const totp = await nextTotp(account.secret);
    const retryAfter = expectLimited(await regenerate(totp), LOCK_SECONDS, "the right code");
    expectLimited(await regenerate(totp), LOCK_SECONDS, "the right code again");

    await sleep(retryAfter * 1000 + 500);
    // The refusals checked nothing, so they did not spend the code either.
    const open = await regenerate(totp);
    expect(open.status).toBe(200);
    expect(open.body.recoveryCodes).toHaveLength(10);
  });

  it("failures spread over a password change, a new authenticator and new codes add up to one lock over all three; login stays open", async () => {
    const { account, token } = await signedIn("reauth-lock");
    const bystander = await signedIn("reauth-bystander");
    const options = { server: url };
    const attempts = {
      change: (currentPassword: string) =>
        changePassword(
          token,
          { currentPassword, recoveryCode: account.recoveryCodes[1], newPassword: NEW_PASSWORD },
          options,
        ),
      replace: (password: string) =>
        replaceAuthenticator(token, { password, recoveryCode: account.recoveryCodes[1] }, options),
      regenerate: async (password: string) =>
        regenerateRecoveryCodes(token, { password, totp: await nextTotp(account.secret) }, options),
    };
    for (const attempt of Object.values(attempts))
      expect((await attempt("not the password")).status).toBe(401);
    for (const [name, attempt] of Object.entries(attempts))
      expectLimited(await attempt(account.password), LOCK_SECONDS, name);

    // The lock is this account's, and re-authentication's only.
    const other = await regenerateRecoveryCodes(
      bystander.token,
      { password: STRONG_PASSWORD, totp: await nextTotp(bystander.account.secret) },
      options,
    );
    expect(other.status).toBe(200);
    await apiSession(account, 2, url);
  });
});
