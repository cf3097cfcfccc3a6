// Threats: mail bombing an address or flooding from one client, and links or codes that
// outlive their window. Each case runs on its own server with the limits it needs.
import { describe, expect, it } from "vitest";
import { basic, post, STRONG_PASSWORD, uniqueEmail } from "../support/api";
import { linkToken, mailCode, waitForMail } from "../support/mailbox";
import { SIGNUP_SUBJECT } from "../support/signup";
import { dedicatedServers } from "../support/dedicated-server";

const server = dedicatedServers();

describe("mail caps", () => {
  it("caps mails per address with 429 and Retry-After", async () => {
    const s = await server({ MAIL_PER_ADDRESS_PER_HOUR: "3", MAIL_PER_IP_PER_HOUR: "1000" });
    const email = uniqueEmail();
    for (let i = 0; i < 3; i++) {
      expect(
        (await post("/api/v1/signup", { email, password: STRONG_PASSWORD }, { server: s.url }))
          .status,
      ).toBe(202);
    }
    const limited = await post(
      "/api/v1/signup",
      { email, password: STRONG_PASSWORD },
      { server: s.url },
    );
    expect(limited.status).toBe(429);
    expect(limited.body.code).toBe("rate_limited");
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await post("/api/v1/signup/resend", { email }, { server: s.url })).status).toBe(429);
    // Another address is unaffected.
    expect(
      (
        await post(
          "/api/v1/signup",
          { email: uniqueEmail(), password: STRONG_PASSWORD },
          { server: s.url },
        )
      ).status,
    ).toBe(202);
  });

  it("caps mails per client IP, and a forged X-Forwarded-For does not reset the count", async () => {
    const s = await server({ MAIL_PER_ADDRESS_PER_HOUR: "100", MAIL_PER_IP_PER_HOUR: "3" });
    for (let i = 0; i < 3; i++) {
      const headers = { "x-forwarded-for": `203.0.113.${i}` };
      expect(
        (
          await post(
            "/api/v1/signup",
            { email: uniqueEmail(), password: STRONG_PASSWORD },
            { server: s.url, headers },
          )
        ).status,
      ).toBe(202);
    }
    const limited = await post(
      "/api/v1/signup",
      { email: uniqueEmail(), password: STRONG_PASSWORD },
      { server: s.url, headers: { "x-forwarded-for": "198.51.100.7" } },
    );
    expect(limited.status).toBe(429);
  });
});

describe("lifetimes", () => {
  /** A sign-up on a server with 4-digit codes and these lifetimes; its mail holds the code. */
  async function fourDigitSignup(lifetimes: Record<string, string>) {
    const s = await server({
      ACTIVATION_CODE_LENGTH: "4",
      MAIL_PER_IP_PER_HOUR: "1000",
      ...lifetimes,
    });
    const email = uniqueEmail();
    await post("/api/v1/signup", { email, password: STRONG_PASSWORD }, { server: s.url });
    const mail = await waitForMail(s.url, email, SIGNUP_SUBJECT);
    expect(mailCode(mail)).toMatch(/^\d{4}$/);
    return { url: s.url, email, mail };
  }

  it("the strict profile (4 digits, 60 s) gives a code that activates the account within its minute", async () => {
    const { url, email, mail } = await fourDigitSignup({ ACTIVATION_CODE_TTL_SECONDS: "60" });
    expect(mail.text).toMatch(/\b1 minute\b(?!s)/);
    const activated = await post<{ user: { email: string }; recoveryCodes: string[] }>(
      "/api/v1/signup/activate",
      { code: mailCode(mail) },
      { server: url, headers: { authorization: basic(email, STRONG_PASSWORD) } },
    );
    expect(activated.status, JSON.stringify(activated.body)).toBe(200);
    expect(activated.body.user.email).toBe(email);
    expect(activated.body.recoveryCodes).toHaveLength(10);
  });

  it("ACTIVATION_CODE_LENGTH=4 gives a 4-digit code that errors once its time is up; links expire too", async () => {
    const { url, email, mail } = await fourDigitSignup({
      ACTIVATION_CODE_TTL_SECONDS: "2",
      LINK_TTL_SECONDS: "4",
    });

    await new Promise((r) => setTimeout(r, 2_500));
    const code = await post(
      "/api/v1/signup/activate",
      { code: mailCode(mail) },
      { server: url, headers: { authorization: basic(email, STRONG_PASSWORD) } },
    );
    expect(code.status).toBe(410);
    expect(code.body.code).toBe("code_expired");

    await new Promise((r) => setTimeout(r, 2_000));
    const link = await post(
      "/api/v1/signup/confirm",
      { token: linkToken(mail), password: STRONG_PASSWORD },
      { server: url },
    );
    expect(link.status).toBe(410);
    expect(link.body.code).toBe("token_expired");
  });
});
