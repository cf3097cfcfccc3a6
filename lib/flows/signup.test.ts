// Threat: squatting an address, probing it for an account, or guessing a sign-up's password or code.
import { describe, expect, it } from "vitest";
import {
  activeAccount,
  client,
  deliverMail,
  failure,
  freshDatabase,
  lastMail,
  pendingSignup,
  STRONG_PASSWORD,
  SUBJECT,
  tokenIn,
  codeIn,
  uniqueEmail,
} from "../../e2e/support/in-process";
import { otherCode } from "../../e2e/support/login";
import { db } from "../server/db";
import { linkProblems, passwordMessages, signupMessages } from "../shared/messages";
import { signupRequest } from "../shared/schemas";
import { activateWithCode, confirmSignup, requestSignup, resendSignup } from "./signup";

await freshDatabase({ TOKEN_MAX_ATTEMPTS: "3" });

const OTHER_PASSWORD = "a different long passphrase";

const signUp = (email: string, password = STRONG_PASSWORD) =>
  requestSignup(signupRequest.parse({ email, password }), client());
const userOf = (email: string) => db().user.findUniqueOrThrow({ where: { email } });
const signupRequests = async (email: string) =>
  db().oneTimeToken.findMany({ where: { userId: (await userOf(email)).id, purpose: "SIGNUP" } });
const mailsTo = async (email: string) => (await deliverMail()).filter((m) => m.to === email);
/** What an answer says, with the address it repeats taken out. */
const anonymous = (answer: string, email: string) => answer.replace(email, "<email>");

describe("requestSignup", () => {
  it("mails a link and a code to a new address, which stays PENDING until confirmed", async () => {
    const email = uniqueEmail();
    await signUp(email);
    const mail = await lastMail(email, SUBJECT.signup);
    expect(mail.text).toContain("http://triplock.test/signup/confirm?token=");
    expect(codeIn(mail)).toMatch(/^\d{6}$/);
    const user = await userOf(email);
    expect(user.status).toBe("PENDING");
    expect(user.passwordHash).toMatch(/^\$2[aby]\$04\$/);
    expect(user.totpSecret).toBeNull();
    expect(await signupRequests(email)).toHaveLength(1);
  });

  it("replaces a PENDING sign-up: the new password applies, the earlier link and code are dead", async () => {
    const first = await pendingSignup(uniqueEmail(), STRONG_PASSWORD);
    const second = await pendingSignup(first.email, OTHER_PASSWORD);
    expect(second.token).not.toBe(first.token);

    const oldLink = await failure(confirmSignup(first.token, STRONG_PASSWORD, client()));
    expect([oldLink.status, oldLink.code, oldLink.message]).toEqual([
      410,
      "token_invalid",
      linkProblems.invalid,
    ]);
    if (first.code !== second.code) {
      const oldCode = await failure(
        activateWithCode(first.email, OTHER_PASSWORD, first.code, client()),
      );
      expect(oldCode.code).toBe("invalid_credentials");
    }
    const oldPassword = await failure(confirmSignup(second.token, STRONG_PASSWORD, client()));
    expect(oldPassword.code).toBe("wrong_password");

    const activation = await confirmSignup(second.token, OTHER_PASSWORD, client());
    expect(activation.user.email).toBe(first.email);
    expect(await db().user.count({ where: { email: first.email } })).toBe(1);
    expect((await userOf(first.email)).status).toBe("ACTIVE");
  });

  it("answers an ACTIVE address like a new one, and mails its owner a notice instead of a link", async () => {
    const account = await activeAccount();
    const before = await userOf(account.email);
    const fresh = uniqueEmail();
    const answers = [await signUp(account.email, OTHER_PASSWORD), await signUp(fresh)];
    expect(anonymous(answers[0]!, account.email)).toBe(anonymous(answers[1]!, fresh));

    const mails = await mailsTo(account.email);
    expect(mails.at(-1)!.subject).toMatch(SUBJECT.signupNotice);
    expect(mails.at(-1)!.text).not.toMatch(/token=|code:/i);
    expect(mails.filter((m) => SUBJECT.signup.test(m.subject))).toHaveLength(1);
    // Nothing changed: not the password, not the key, no new link.
    const after = await userOf(account.email);
    expect(after).toMatchObject({
      status: "ACTIVE",
      passwordHash: before.passwordHash,
      totpSecret: before.totpSecret,
    });
    const requests = await signupRequests(account.email);
    expect(requests).toHaveLength(1);
    expect(requests[0]!.consumedAt).not.toBeNull();
  });

  it("refuses a common password (any case) before anything is stored or mailed", async () => {
    for (const password of ["qwertyuiop", "Sunshine"]) {
      const email = uniqueEmail();
      const refused = await failure(signUp(email, password));
      expect([refused.status, refused.code, refused.message]).toEqual([
        400,
        "weak_password",
        passwordMessages.common,
      ]);
      expect(refused.fieldErrors?.password).toEqual([passwordMessages.common]);
      expect(await db().user.findUnique({ where: { email } })).toBeNull();
      expect(await mailsTo(email)).toEqual([]);
    }
    // An uncommon one of the same length goes through.
    await signUp(uniqueEmail(), "qwertyuiopzxcv");
  });
});

describe("confirmSignup", () => {
  it("activates: a TOTP key sealed at rest, ten recovery codes stored hashed, the link then used", async () => {
    const { email, token } = await pendingSignup();
    const activation = await confirmSignup(token, STRONG_PASSWORD, client());
    expect(activation.totp.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(activation.totp.uri).toMatch(/^otpauth:\/\/totp\//);
    expect(activation.totp.qrSvg).toContain("<svg");
    expect(activation.recoveryCodes).toHaveLength(10);

    const user = await userOf(email);
    expect(user.status).toBe("ACTIVE");
    expect(user.activatedAt).not.toBeNull();
    expect(user.totpSecret).not.toContain(activation.totp.secret);
    const stored = await db().recoveryCode.findMany({ where: { userId: user.id } });
    expect(stored).toHaveLength(10);
    const hashes = stored.map((r) => r.codeHash).join();
    for (const code of activation.recoveryCodes) expect(hashes).not.toContain(code.slice(0, 5));

    const again = await failure(confirmSignup(token, STRONG_PASSWORD, client()));
    expect([again.status, again.code]).toEqual([410, "token_used"]);
  });

  it("counts wrong passwords and kills the link after TOKEN_MAX_ATTEMPTS, even for the right one", async () => {
    const { email, token } = await pendingSignup();
    const answers = [];
    for (let i = 0; i < 3; i++) {
      const wrong = await failure(confirmSignup(token, `wrong password ${i}`, client()));
      expect([wrong.status, wrong.code]).toEqual([401, "wrong_password"]);
      answers.push(wrong.message);
    }
    expect(answers).toEqual([
      signupMessages.wrongPassword(2),
      signupMessages.wrongPassword(1),
      signupMessages.wrongPassword(0),
    ]);
    const dead = await failure(confirmSignup(token, STRONG_PASSWORD, client()));
    expect([dead.status, dead.code, dead.message]).toEqual([
      410,
      "token_invalid",
      linkProblems.exhausted,
    ]);
    const [request] = await signupRequests(email);
    expect(request).toMatchObject({ attempts: 3, codeAttempts: 0, consumedAt: null });
    expect((await userOf(email)).status).toBe("PENDING");
  });

  it("still takes the right password after one attempt fewer than the budget", async () => {
    const { email, token } = await pendingSignup();
    for (let i = 0; i < 2; i++)
      await failure(confirmSignup(token, `wrong password ${i}`, client()));
    await confirmSignup(token, STRONG_PASSWORD, client());
    expect((await userOf(email)).status).toBe("ACTIVE");
  });
});

describe("resendSignup", () => {
  it("mails a new link and code and kills the old ones", async () => {
    const old = await pendingSignup();
    const answer = await resendSignup(old.email, client());
    expect(answer).toBe(signupMessages.resent(old.email, 1800));
    const mail = await lastMail(old.email, SUBJECT.signup);
    const fresh = { token: tokenIn(mail), code: codeIn(mail) };
    expect(fresh.token).not.toBe(old.token);

    expect((await failure(confirmSignup(old.token, STRONG_PASSWORD, client()))).code).toBe(
      "token_invalid",
    );
    if (old.code !== fresh.code) {
      const oldCode = await failure(
        activateWithCode(old.email, STRONG_PASSWORD, old.code, client()),
      );
      expect(oldCode.code).toBe("invalid_credentials");
    }
    await activateWithCode(old.email, STRONG_PASSWORD, fresh.code, client());
    expect((await userOf(old.email)).status).toBe("ACTIVE");
  });

  it("answers an unknown or ACTIVE address alike, and mails neither", async () => {
    const account = await activeAccount();
    const unknown = uniqueEmail();
    const mailed = (await mailsTo(account.email)).length;
    const answers = [
      anonymous(await resendSignup(account.email, client()), account.email),
      anonymous(await resendSignup(unknown, client()), unknown),
    ];
    expect(answers[0]).toBe(answers[1]);
    expect(await mailsTo(account.email)).toHaveLength(mailed);
    expect(await mailsTo(unknown)).toEqual([]);
    expect(await signupRequests(account.email)).toHaveLength(1);
  });
});

describe("activateWithCode", () => {
  it("activates with the address, the password and the emailed code; the link is then used", async () => {
    const { email, token, code } = await pendingSignup();
    const activation = await activateWithCode(email, STRONG_PASSWORD, code, client());
    expect(activation.recoveryCodes).toHaveLength(10);
    expect((await userOf(email)).status).toBe("ACTIVE");
    expect((await failure(confirmSignup(token, STRONG_PASSWORD, client()))).code).toBe(
      "token_used",
    );
  });

  it("answers a wrong code exactly like a wrong password, an unknown address or an ACTIVE account", async () => {
    const pending = await pendingSignup();
    const account = await activeAccount();
    const answers = await Promise.all(
      [
        activateWithCode(pending.email, STRONG_PASSWORD, otherCode(pending.code), client()),
        activateWithCode(pending.email, OTHER_PASSWORD, pending.code, client()),
        activateWithCode(uniqueEmail(), STRONG_PASSWORD, pending.code, client()),
        activateWithCode(account.email, account.password, pending.code, client()),
      ].map((p) => failure(p)),
    );
    const shapes = answers.map((a) => [a.status, a.code, a.message, a.fieldErrors]);
    expect(shapes[0]).toEqual([
      401,
      "invalid_credentials",
      signupMessages.wrongActivation,
      undefined,
    ]);
    for (const shape of shapes) expect(shape).toEqual(shapes[0]);
    expect((await userOf(pending.email)).status).toBe("PENDING");
  });

  it("says the code has expired (410 code_expired) only when the password and the code are both right", async () => {
    const { email, token, code } = await pendingSignup();
    const [request] = await signupRequests(email);
    await db().oneTimeToken.update({
      where: { id: request!.id },
      data: { codeExpiresAt: new Date(Date.now() - 1000) },
    });
    const wrongPassword = await failure(activateWithCode(email, OTHER_PASSWORD, code, client()));
    const wrongCode = await failure(
      activateWithCode(email, STRONG_PASSWORD, otherCode(code), client()),
    );
    for (const wrong of [wrongPassword, wrongCode]) {
      expect([wrong.status, wrong.code]).toEqual([401, "invalid_credentials"]);
    }
    const expired = await failure(activateWithCode(email, STRONG_PASSWORD, code, client()));
    expect([expired.status, expired.code]).toEqual([410, "code_expired"]);
    expect((await userOf(email)).status).toBe("PENDING");
    // The link lives longer than its code.
    await confirmSignup(token, STRONG_PASSWORD, client());
  });

  it("kills the code after TOKEN_MAX_ATTEMPTS wrong ones; the link keeps a budget of its own", async () => {
    const { email, token, code } = await pendingSignup();
    for (let i = 0; i < 3; i++) {
      const wrong = await failure(
        activateWithCode(email, STRONG_PASSWORD, otherCode(code), client()),
      );
      expect(wrong.code).toBe("invalid_credentials");
    }
    const dead = await failure(activateWithCode(email, STRONG_PASSWORD, code, client()));
    expect([dead.status, dead.code, dead.message]).toEqual([
      410,
      "token_invalid",
      linkProblems.exhausted,
    ]);
    const [request] = await signupRequests(email);
    expect(request).toMatchObject({ attempts: 0, codeAttempts: 3 });
    await confirmSignup(token, STRONG_PASSWORD, client());
    expect((await userOf(email)).status).toBe("ACTIVE");
  });
});
