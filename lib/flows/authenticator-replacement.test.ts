// Threat: a session thief swaps in their own authenticator, a new key that never reached the owner's app locks them out, or the old key keeps working once the new one is in place.
import { generate } from "otplib";
import { describe, expect, it } from "vitest";
import {
  activeAccount,
  client,
  failure,
  freshDatabase,
  mailsTo,
  STRONG_PASSWORD as PASSWORD,
  type Account,
  spendTotpOf,
} from "../../e2e/support/in-process";
import { nextTotp, wrongTotp } from "../../e2e/support/totp";
import { hasReplacementKey } from "../auth/mfa/authenticator";
import { db } from "../server/db";
import {
  confirmAuthenticatorReplacement,
  startAuthenticatorReplacement,
} from "./authenticator-replacement";

await freshDatabase();

const NOTICE = /^Your Triplock authenticator was replaced$/;
const step = () => Math.floor(Date.now() / 30_000);
/** The code `secret` shows `ahead` steps from now (the server takes ±1 step). */
const codeAt = (secret: string, ahead: number) =>
  generate({ secret, epoch: (step() + ahead) * 30 });

const notices = (email: string) => mailsTo(email, NOTICE);

async function started(account: Account, factor: { totp?: string; recoveryCode?: string }) {
  return startAuthenticatorReplacement(account.id, { password: PASSWORD, ...factor }, client());
}

describe("startAuthenticatorReplacement", () => {
  it("issues a new key (secret, otpauth URI, QR code) and keeps the old one the only working key", async () => {
    const account = await activeAccount();
    const enrolment = await started(account, { totp: await nextTotp(account.secret) });
    expect(enrolment.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(enrolment.secret).not.toBe(account.secret);
    expect(enrolment.uri).toContain(`secret=${enrolment.secret}`);
    expect(enrolment.qrSvg).toMatch(/^<svg/);
    expect(await hasReplacementKey(account.id)).toBe(true);
    // The next step, from each key: only the old key's code is taken.
    expect(await spendTotpOf(account.id, await codeAt(enrolment.secret, 1))).toBe(false);
    expect(await spendTotpOf(account.id, await codeAt(account.secret, 1))).toBe(true);
    expect(await notices(account.email)).toHaveLength(0);
  });

  it("takes a recovery code instead of the old key (a lost phone), and spends it", async () => {
    const account = await activeAccount();
    const recoveryCode = account.recoveryCodes[0]!;
    const enrolment = await started(account, { recoveryCode });
    await confirmAuthenticatorReplacement(account.id, await codeAt(enrolment.secret, 0), client());
    const again = await failure(started(account, { recoveryCode }));
    expect(again.code).toBe("invalid_credentials");
  });

  it("refuses a wrong password or a wrong code alike, and stages nothing", async () => {
    const account = await activeAccount();
    const refusals = [
      await failure(
        startAuthenticatorReplacement(
          account.id,
          { password: "not the password", totp: await nextTotp(account.secret) },
          client(),
        ),
      ),
      await failure(started(account, { totp: await wrongTotp(account.secret) })),
      await failure(started(account, { recoveryCode: "wrong-codes" })),
    ].map((e) => [e.status, e.code, e.message]);
    expect(refusals[0]).toEqual([401, "invalid_credentials", expect.any(String)]);
    expect(new Set(refusals.map((r) => JSON.stringify(r))).size).toBe(1);
    expect(await hasReplacementKey(account.id)).toBe(false);
  });
});

describe("confirmAuthenticatorReplacement", () => {
  it("with a code from the new key: only the new key works from then on, and a notice is mailed", async () => {
    const account = await activeAccount();
    const enrolment = await started(account, { totp: await codeAt(account.secret, 0) });
    const message = await confirmAuthenticatorReplacement(
      account.id,
      await codeAt(enrolment.secret, 0),
      client(),
    );
    expect(message).toMatch(/codes from the old one no longer work/);
    expect(await hasReplacementKey(account.id)).toBe(false);
    // The next step, unspent, from each key: only the new key's code is taken.
    expect(await spendTotpOf(account.id, await codeAt(account.secret, 1))).toBe(false);
    expect(await spendTotpOf(account.id, await codeAt(enrolment.secret, 1))).toBe(true);
    expect(await notices(account.email)).toHaveLength(1);
  });

  it("refuses a code from the old key, and the new key still waits for its own", async () => {
    const account = await activeAccount();
    const enrolment = await started(account, { recoveryCode: account.recoveryCodes[0]! });
    const wrong = await failure(
      confirmAuthenticatorReplacement(account.id, await codeAt(account.secret, 0), client()),
    );
    expect([wrong.status, wrong.code]).toEqual([401, "invalid_credentials"]);
    expect(await hasReplacementKey(account.id)).toBe(true);
    expect(await notices(account.email)).toHaveLength(0);
    // The old key was not replaced: its code (not spent by the refusal) still works.
    expect(await spendTotpOf(account.id, await codeAt(account.secret, 0))).toBe(true);
    await confirmAuthenticatorReplacement(account.id, await codeAt(enrolment.secret, 1), client());
    expect(await notices(account.email)).toHaveLength(1);
  });

  it("answers nothing_to_confirm (400) with nothing staged, a second time, or once the key has expired", async () => {
    const account = await activeAccount();
    const nothing = async (code: string) => {
      const error = await failure(confirmAuthenticatorReplacement(account.id, code, client()));
      expect([error.status, error.code]).toEqual([400, "nothing_to_confirm"]);
    };
    await nothing(await codeAt(account.secret, 0));

    const first = await started(account, { recoveryCode: account.recoveryCodes[0]! });
    await confirmAuthenticatorReplacement(account.id, await codeAt(first.secret, 0), client());
    await nothing(await codeAt(first.secret, 1));

    const second = await started(account, { recoveryCode: account.recoveryCodes[1]! });
    await db().user.update({
      where: { id: account.id },
      data: { pendingTotpExpiresAt: new Date(Date.now() - 1000) },
    });
    await nothing(await codeAt(second.secret, 0));
    expect(await notices(account.email)).toHaveLength(1);
  });

  it("confirms only the latest key when the replacement was started twice", async () => {
    const account = await activeAccount();
    const first = await started(account, { recoveryCode: account.recoveryCodes[0]! });
    const second = await started(account, { recoveryCode: account.recoveryCodes[1]! });
    const stale = await failure(
      confirmAuthenticatorReplacement(account.id, await codeAt(first.secret, 0), client()),
    );
    expect(stale.code).toBe("invalid_credentials");
    await confirmAuthenticatorReplacement(account.id, await codeAt(second.secret, 0), client());
    expect(await spendTotpOf(account.id, await codeAt(first.secret, 1))).toBe(false);
    expect(await spendTotpOf(account.id, await codeAt(second.secret, 1))).toBe(true);
  });
});
