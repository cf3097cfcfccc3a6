// Threat: replaying a second factor someone has seen (a TOTP code, a recovery code) to log in again.
import { describe, expect, it } from "vitest";
import { generate } from "otplib";
import { uniqueEmail } from "../support/api";
import { completeLogin, loginLink, nextTotp } from "../support/login";
import { activatedAccount } from "../support/signup";

const step = () => Math.floor(Date.now() / 30_000);

describe("TOTP codes are accepted once", () => {
  it("refuses the same code on a second login through a new link, then takes a later one", async () => {
    const account = await activatedAccount(uniqueEmail());
    const totp = await nextTotp(account.secret);
    const first = await completeLogin({
      token: await loginLink(account.email),
      password: account.password,
      totp,
    });
    expect(first.status).toBe(200);

    const token = await loginLink(account.email);
    const replay = await completeLogin({ token, password: account.password, totp });
    expect(replay.status).toBe(401);
    expect(replay.body.code).toBe("invalid_credentials");

    // The link is still good for the next code the authenticator shows.
    const next = await completeLogin({
      token,
      password: account.password,
      totp: await nextTotp(account.secret),
    });
    expect(next.status).toBe(200);
  });

  it("refuses an earlier step once a later one has been used", async () => {
    const account = await activatedAccount(uniqueEmail());
    const now = step();
    const later = await generate({ secret: account.secret, epoch: (now + 1) * 30 });
    const current = await generate({ secret: account.secret, epoch: now * 30 });
    expect(
      (
        await completeLogin({
          token: await loginLink(account.email),
          password: account.password,
          totp: later,
        })
      ).status,
    ).toBe(200);
    // Skip when both steps happen to give the same digits (1 in a million).
    if (current === later) return;
    const earlier = await completeLogin({
      token: await loginLink(account.email),
      password: account.password,
      totp: current,
    });
    expect(earlier.status).toBe(401);
    expect(earlier.body.code).toBe("invalid_credentials");
  });

  it("does not spend the code when the password is wrong", async () => {
    const account = await activatedAccount(uniqueEmail());
    const token = await loginLink(account.email);
    const totp = await nextTotp(account.secret);
    const wrong = await completeLogin({ token, password: "not the password!", totp });
    expect(wrong.status).toBe(401);
    const right = await completeLogin({ token, password: account.password, totp });
    expect(right.status).toBe(200);
  });
});

describe("recovery codes are accepted once", () => {
  it("logs in with a recovery code once; the same code is refused afterwards, another works", async () => {
    const account = await activatedAccount(uniqueEmail());
    const [code, other] = account.recoveryCodes;

    const first = await completeLogin({
      token: await loginLink(account.email),
      password: account.password,
      recoveryCode: code,
    });
    expect(first.status).toBe(200);
    expect(first.body.accessToken).toBeTruthy();

    const token = await loginLink(account.email);
    const replay = await completeLogin({ token, password: account.password, recoveryCode: code });
    expect(replay.status).toBe(401);
    expect(replay.body.code).toBe("invalid_credentials");

    // Typed back in capitals, another unused code works on the same link.
    const second = await completeLogin({
      token,
      password: account.password,
      recoveryCode: other!.toUpperCase(),
    });
    expect(second.status).toBe(200);
  });

  it("does not spend a recovery code when the password is wrong", async () => {
    const account = await activatedAccount(uniqueEmail());
    const token = await loginLink(account.email);
    const recoveryCode = account.recoveryCodes[0]!;
    const wrong = await completeLogin({ token, password: "not the password!", recoveryCode });
    expect(wrong.status).toBe(401);
    const right = await completeLogin({ token, password: account.password, recoveryCode });
    expect(right.status).toBe(200);
  });

  it("does not take a recovery code of another account", async () => {
    const owner = await activatedAccount(uniqueEmail("owner"));
    const other = await activatedAccount(uniqueEmail("other"));
    const response = await completeLogin({
      token: await loginLink(other.email),
      password: other.password,
      recoveryCode: owner.recoveryCodes[0],
    });
    expect(response.status).toBe(401);
  });
});
