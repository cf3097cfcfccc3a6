// Threat: a factor of the account is changed (by its owner or by a thief) and the owner is not told when, from where and from which device; or the notice itself carries something that opens the account.
import { beforeAll, describe, expect, it } from "vitest";
import { STRONG_PASSWORD, uniqueEmail } from "../support/api";
import { fromIp, mailsTo, sleep, SUBJECT, uniqueIp } from "../support/adversary";
import { dedicatedServers } from "../support/dedicated-server";
import {
  changePassword,
  confirmAuthenticator,
  NEW_PASSWORD,
  noticeFacts,
  regenerateRecoveryCodes,
  replaceAuthenticator,
  requestResetMail,
  resetPassword,
} from "../support/lifecycle";
import { apiSession, nextTotp, wrongTotp } from "../support/login";
import { linkToken, mailCode, waitForMail } from "../support/mailbox";
import { activatedAccount } from "../support/signup";

// Behind a (pretend) reverse proxy, so that each operation comes from an address of its own,
// and from a device of its own (its User-Agent): the notice must name that request's.
const dedicated = dedicatedServers({
  TRUST_PROXY: "1",
  MAIL_PER_ADDRESS_PER_HOUR: "100",
  MAIL_PER_IP_PER_HOUR: "100000",
});
let url: string;
beforeAll(async () => {
  url = (await dedicated()).url;
});

interface Client {
  ip: string;
  device: string;
  headers: Record<string, string>;
}

const DEVICES: Record<string, string> = {
  "Firefox on Linux": "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
  "Safari on iOS":
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
  "Edge on Windows":
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0",
  "Chrome on Android":
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36",
};

/** A client of its own: an address no other request uses, and the named device. */
function client(device: string, ip = uniqueIp()): Client {
  return { ip, device, headers: { ...fromIp(ip), "user-agent": DEVICES[device]! } };
}

async function account(label: string) {
  const created = await activatedAccount(uniqueEmail(label), STRONG_PASSWORD, url);
  return { ...created, token: await apiSession(created, 0, url) };
}

/**
 * The one notice `subject` sent to `email`: it states the time (within the request's), the
 * device and the address of the request in its text and in its HTML, and none of `secrets`.
 */
async function expectNotice(
  email: string,
  subject: RegExp,
  by: Client,
  during: { start: number; end: number },
  secrets: string[],
) {
  await waitForMail(url, email, subject);
  await sleep(500);
  const notices = await mailsTo(url, email, subject);
  expect(notices).toHaveLength(1);
  const mail = notices[0]!;
  const facts = noticeFacts(mail);
  expect({ device: facts.device, ip: facts.ip }).toEqual({ device: by.device, ip: by.ip });
  const at = Date.parse(facts.when);
  expect(at, facts.when).toBeGreaterThanOrEqual(Math.floor(during.start / 1000) * 1000);
  expect(at, facts.when).toBeLessThanOrEqual(during.end);
  for (const fact of Object.values(facts)) expect(mail.html).toContain(`>${fact}<`);

  expect(mail.text).not.toMatch(/token=|\b\d{6,}\b/);
  expect(mail.html).not.toMatch(/token=/);
  for (const secret of secrets.filter(Boolean)) {
    expect(mail.text).not.toContain(secret);
    expect(mail.html).not.toContain(secret);
  }
}

/** Runs `operation` and returns when it started and ended. */
async function timed(operation: () => Promise<unknown>) {
  const start = Date.now();
  await operation();
  return { start, end: Date.now() };
}

describe("every change to an account mails its owner a notice", () => {
  it("a password reset: when, the device and address that reset it, and no link, code or factor", async () => {
    const owner = await account("notice-reset");
    const mail = await requestResetMail(owner.email, {
      server: url,
      headers: client("Chrome on Android").headers,
    });
    const by = client("Firefox on Linux");
    const proof = { token: linkToken(mail) };
    const wrong = await resetPassword(
      { ...proof, totp: await wrongTotp(owner.secret), newPassword: NEW_PASSWORD },
      { server: url, headers: by.headers },
    );
    expect(wrong.status).toBe(401);
    const recoveryCode = owner.recoveryCodes[1]!;
    const during = await timed(async () => {
      const reset = await resetPassword(
        { ...proof, recoveryCode, newPassword: NEW_PASSWORD },
        { server: url, headers: by.headers },
      );
      expect(reset.status).toBe(200);
    });
    await expectNotice(owner.email, SUBJECT.passwordReset, by, during, [
      linkToken(mail),
      mailCode(mail),
      recoveryCode,
      NEW_PASSWORD,
    ]);
  });

  it("a password change: when, the device and address that changed it, and no factor", async () => {
    const owner = await account("notice-change");
    const by = client("Safari on iOS", "2001:db8:85a3::8a2e:370:7334");
    const change = (currentPassword: string) =>
      changePassword(
        owner.token,
        { currentPassword, recoveryCode: owner.recoveryCodes[1], newPassword: NEW_PASSWORD },
        { server: url, headers: by.headers },
      );
    expect((await change("not the password")).status).toBe(401);
    const during = await timed(async () => expect((await change(owner.password)).status).toBe(200));
    await expectNotice(owner.email, SUBJECT.passwordChanged, by, during, [
      owner.recoveryCodes[1]!,
      NEW_PASSWORD,
    ]);
  });

  it("a new authenticator, once confirmed: when, the device and address, and not the new key", async () => {
    const owner = await account("notice-authenticator");
    const by = client("Edge on Windows");
    const options = { server: url, headers: by.headers };
    const started = await replaceAuthenticator(
      owner.token,
      { password: owner.password, totp: await nextTotp(owner.secret) },
      options,
    );
    const secret = started.body.totp!.secret;
    expect((await confirmAuthenticator(owner.token, await wrongTotp(secret), options)).status).toBe(
      401,
    );
    await sleep(500);
    expect(await mailsTo(url, owner.email, SUBJECT.authenticatorReplaced)).toEqual([]);
    const during = await timed(async () => {
      const confirmed = await confirmAuthenticator(owner.token, await nextTotp(secret), options);
      expect(confirmed.status).toBe(200);
    });
    await expectNotice(owner.email, SUBJECT.authenticatorReplaced, by, during, [
      secret,
      started.body.totp!.uri,
    ]);
  });

  it("new recovery codes: when, the device and address, and none of the codes", async () => {
    const owner = await account("notice-codes");
    const by = client("Chrome on Android");
    const regenerate = async (password: string) =>
      regenerateRecoveryCodes(
        owner.token,
        { password, totp: await nextTotp(owner.secret) },
        { server: url, headers: by.headers },
      );
    expect((await regenerate("not the password")).status).toBe(401);
    let codes: string[] = [];
    const during = await timed(async () => {
      const response = await regenerate(owner.password);
      expect(response.status).toBe(200);
      codes = response.body.recoveryCodes!;
    });
    expect(codes).toHaveLength(10);
    await expectNotice(owner.email, SUBJECT.recoveryCodesReplaced, by, during, codes);
  });
});
