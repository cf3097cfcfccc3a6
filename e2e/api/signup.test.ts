// Account creation through the API (SPEC 1.1 and the table in SPEC 5).
import { describe, expect, it } from "vitest";
import { basic, baseUrl, post, STRONG_PASSWORD, uniqueEmail } from "../support/api";
import { linkToken, listMail, mailCode, waitForMail } from "../support/mailbox";
import { activatedAccount, signUp, SIGNUP_SUBJECT } from "../support/signup";

interface Activation {
  message: string;
  user: { id: string; email: string; name: string | null; createdAt: string };
  totp: { secret: string; uri: string; qrSvg: string };
  recoveryCodes: string[];
}

describe("POST /api/v1/signup", () => {
  it("answers 202 and mails a link and a code", async () => {
    const email = uniqueEmail();
    const response = await post("/api/v1/signup", {
      email,
      password: STRONG_PASSWORD,
      name: "Ada",
    });
    expect(response.status).toBe(202);
    expect(response.body.message).toMatch(/check your inbox/i);

    const mail = await waitForMail(baseUrl(), email, SIGNUP_SUBJECT);
    expect(mail.text).toContain(`${baseUrl()}/signup/confirm?token=`);
    expect(linkToken(mail).length).toBeGreaterThanOrEqual(22); // ≥ 128 bits of base64url
    expect(mailCode(mail)).toMatch(/^\d{6}$/);
    expect(mail.html).toContain(linkToken(mail));
  });

  it("normalises the address", async () => {
    const email = uniqueEmail();
    await post("/api/v1/signup", { email: `  ${email.toUpperCase()} `, password: STRONG_PASSWORD });
    await waitForMail(baseUrl(), email, SIGNUP_SUBJECT);
  });

  it.each([
    [{ email: "not-an-email", password: STRONG_PASSWORD }, "email"],
    [{ email: uniqueEmail(), password: "short" }, "password"],
    [{ email: uniqueEmail(), password: "a".repeat(129) }, "password"],
    [{ email: uniqueEmail(), password: "é".repeat(40) }, "password"],
    [{ email: uniqueEmail() }, "password"],
    [{ password: STRONG_PASSWORD }, "email"],
  ])("refuses %j with a 400 naming the field", async (body, field) => {
    const response = await post("/api/v1/signup", body);
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
    expect(response.body).toMatchObject({ status: 400, code: "validation_failed" });
    expect((response.body.errors as Record<string, string[]>)[field]?.[0]).toBeTruthy();
  });

  it("says why a password over 72 bytes is refused", async () => {
    const response = await post("/api/v1/signup", {
      email: uniqueEmail(),
      password: "é".repeat(40),
    });
    expect((response.body.errors as Record<string, string[]>).password![0]).toMatch(/72 bytes/);
  });

  it("refuses common passwords from the shipped list", async () => {
    const email = uniqueEmail();
    const response = await post("/api/v1/signup", { email, password: "password123" });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe("weak_password");
    expect(await listMail(baseUrl(), email)).toHaveLength(0);
  });

  it("accepts long passphrases without composition rules", async () => {
    const response = await post("/api/v1/signup", {
      email: uniqueEmail(),
      password: "tiny green frogs dance at dawn",
    });
    expect(response.status).toBe(202);
  });

  it("answers an ACTIVE address exactly like a new one, and mails the owner a notice instead", async () => {
    const account = await activatedAccount(uniqueEmail("owner"));
    const fresh = await post("/api/v1/signup", { email: uniqueEmail(), password: STRONG_PASSWORD });
    const taken = await post("/api/v1/signup", {
      email: account.email,
      password: "another fine passphrase",
    });
    expect(taken.status).toBe(fresh.status);
    expect(Object.keys(taken.body)).toEqual(Object.keys(fresh.body));
    expect(String(taken.body.message).replace(account.email, "")).toBe(
      String(fresh.body.message).replace(/\S+@example\.com/, ""),
    );

    const notice = await waitForMail(baseUrl(), account.email, /Sign-up attempt/);
    expect(notice.text).not.toMatch(/token=/);
    // The account itself is untouched: still only the original sign-up link was ever sent.
    expect(
      (await listMail(baseUrl(), account.email)).filter((m) => SIGNUP_SUBJECT.test(m.subject)),
    ).toHaveLength(1);
  });

  it("replaces a PENDING sign-up: the earlier link dies and the new password applies", async () => {
    const email = uniqueEmail();
    const first = await signUp(email, "first passphrase here");
    await post("/api/v1/signup", { email, password: "second passphrase here" });
    const second = await waitForMail(baseUrl(), email, SIGNUP_SUBJECT, { count: 2 });

    const old = await post("/api/v1/signup/confirm", {
      token: linkToken(first),
      password: "first passphrase here",
    });
    expect(old.status).toBe(410);
    expect(old.body.code).toBe("token_invalid");

    const wrong = await post("/api/v1/signup/confirm", {
      token: linkToken(second),
      password: "first passphrase here",
    });
    expect(wrong.status).toBe(401);
    const right = await post("/api/v1/signup/confirm", {
      token: linkToken(second),
      password: "second passphrase here",
    });
    expect(right.status).toBe(200);
  });
});

describe("POST /api/v1/signup/confirm", () => {
  it("activates the account and issues the TOTP key and ten recovery codes", async () => {
    const email = uniqueEmail();
    const mail = await signUp(email);
    const response = await post<Activation>("/api/v1/signup/confirm", {
      token: linkToken(mail),
      password: STRONG_PASSWORD,
    });
    expect(response.status).toBe(200);
    const { user, totp, recoveryCodes, message } = response.body;
    expect(message).toMatch(/active/i);
    expect(user).toMatchObject({ email, name: null });
    expect(totp.secret).toMatch(/^[A-Z2-7]{32}$/); // 160 bits
    expect(totp.uri).toBe(
      `otpauth://totp/Triplock:${encodeURIComponent(email)}?secret=${totp.secret}&issuer=Triplock`,
    );
    expect(totp.qrSvg).toMatch(/^<svg/);
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
  });

  it("works once: a second use is 410 token_used", async () => {
    const mail = await signUp(uniqueEmail());
    const body = { token: linkToken(mail), password: STRONG_PASSWORD };
    expect((await post("/api/v1/signup/confirm", body)).status).toBe(200);
    const again = await post("/api/v1/signup/confirm", body);
    expect(again.status).toBe(410);
    expect(again.body).toMatchObject({ code: "token_used", status: 410 });
  });

  it("refuses a wrong password with 401 and counts the attempt", async () => {
    const mail = await signUp(uniqueEmail());
    const response = await post("/api/v1/signup/confirm", {
      token: linkToken(mail),
      password: "not the password",
    });
    expect(response.status).toBe(401);
    expect(response.body.code).toBe("wrong_password");
    expect(response.body.detail).toMatch(/4 attempts left/);
  });

  it("kills the link after 5 failed attempts, even for the right password", async () => {
    const mail = await signUp(uniqueEmail());
    const token = linkToken(mail);
    for (let i = 0; i < 5; i++) {
      expect(
        (await post("/api/v1/signup/confirm", { token, password: `wrong ${i} password` })).status,
      ).toBe(401);
    }
    const response = await post("/api/v1/signup/confirm", { token, password: STRONG_PASSWORD });
    expect(response.status).toBe(410);
    expect(response.body.code).toBe("token_invalid");
  });

  it("answers 410 token_invalid for an unknown token", async () => {
    const response = await post("/api/v1/signup/confirm", {
      token: "A".repeat(43),
      password: STRONG_PASSWORD,
    });
    expect(response.status).toBe(410);
    expect(response.body.code).toBe("token_invalid");
  });

  it("answers 400 for a malformed token", async () => {
    const response = await post("/api/v1/signup/confirm", {
      token: "../../etc",
      password: STRONG_PASSWORD,
    });
    expect(response.status).toBe(400);
  });
});

describe("POST /api/v1/signup/activate", () => {
  it("activates with HTTP Basic credentials and the emailed code", async () => {
    const email = uniqueEmail();
    const mail = await signUp(email);
    const response = await post<Activation>(
      "/api/v1/signup/activate",
      { code: mailCode(mail) },
      { headers: { authorization: basic(email, STRONG_PASSWORD) } },
    );
    expect(response.status).toBe(200);
    expect(response.body.user.email).toBe(email);
    expect(response.body.recoveryCodes).toHaveLength(10);
    // The link of the same request is spent with it.
    const link = await post("/api/v1/signup/confirm", {
      token: linkToken(mail),
      password: STRONG_PASSWORD,
    });
    expect(link.status).toBe(410);
  });

  it("answers a wrong code exactly like a wrong password (401 invalid_credentials)", async () => {
    const email = uniqueEmail();
    const mail = await signUp(email);
    const wrong = mailCode(mail) === "000000" ? "111111" : "000000";
    const wrongCode = await post(
      "/api/v1/signup/activate",
      { code: wrong },
      { headers: { authorization: basic(email, STRONG_PASSWORD) } },
    );
    const wrongPassword = await post(
      "/api/v1/signup/activate",
      { code: mailCode(mail) },
      { headers: { authorization: basic(email, "not the password") } },
    );
    expect(wrongCode.status).toBe(401);
    expect(wrongCode.body.code).toBe("invalid_credentials");
    expect(wrongCode.body).toEqual(wrongPassword.body);
  });

  it("refuses wrong or missing credentials with 401 and a Basic challenge", async () => {
    const email = uniqueEmail();
    const mail = await signUp(email);
    const wrong = await post(
      "/api/v1/signup/activate",
      { code: mailCode(mail) },
      { headers: { authorization: basic(email, "wrong password!") } },
    );
    expect(wrong.status).toBe(401);
    expect(wrong.body.code).toBe("invalid_credentials");
    expect(wrong.headers.get("www-authenticate")).toMatch(/^Basic/);

    const missing = await post("/api/v1/signup/activate", { code: mailCode(mail) });
    expect(missing.status).toBe(401);

    const unknown = await post(
      "/api/v1/signup/activate",
      { code: "123456" },
      { headers: { authorization: basic(uniqueEmail(), STRONG_PASSWORD) } },
    );
    expect(unknown.status).toBe(401);
    expect(unknown.body).toEqual({ ...wrong.body });
  });

  it("kills the code after 5 failed attempts", async () => {
    const email = uniqueEmail();
    const mail = await signUp(email);
    const auth = { authorization: basic(email, STRONG_PASSWORD) };
    const wrong = mailCode(mail) === "000000" ? "111111" : "000000";
    for (let i = 0; i < 5; i++)
      expect(
        (await post("/api/v1/signup/activate", { code: wrong }, { headers: auth })).status,
      ).toBe(401);
    const response = await post(
      "/api/v1/signup/activate",
      { code: mailCode(mail) },
      { headers: auth },
    );
    expect(response.status).toBe(410);
  });
});

describe("POST /api/v1/signup/resend", () => {
  it("issues a new link and code and kills the old ones", async () => {
    const email = uniqueEmail();
    const first = await signUp(email);
    const response = await post("/api/v1/signup/resend", { email });
    expect(response.status).toBe(202);
    const second = await waitForMail(baseUrl(), email, SIGNUP_SUBJECT, { count: 2 });
    expect(linkToken(second)).not.toBe(linkToken(first));

    const auth = { authorization: basic(email, STRONG_PASSWORD) };
    const oldCode = await post(
      "/api/v1/signup/activate",
      { code: mailCode(first) },
      { headers: auth },
    );
    // Only one code is live: the old one is wrong now (unless both happen to be equal).
    if (mailCode(first) !== mailCode(second)) expect(oldCode.status).toBe(401);
    const oldLink = await post("/api/v1/signup/confirm", {
      token: linkToken(first),
      password: STRONG_PASSWORD,
    });
    expect(oldLink.status).toBe(410);
    const newLink = await post("/api/v1/signup/confirm", {
      token: linkToken(second),
      password: STRONG_PASSWORD,
    });
    expect(newLink.status).toBe(200);
  });

  it("answers the same for an unknown address and mails nothing", async () => {
    const email = uniqueEmail();
    const response = await post("/api/v1/signup/resend", { email });
    expect(response.status).toBe(202);
    await new Promise((r) => setTimeout(r, 300));
    expect(await listMail(baseUrl(), email)).toHaveLength(0);
  });
});
