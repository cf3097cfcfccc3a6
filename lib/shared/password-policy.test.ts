// Guards the password rules: 8–128 code points, ≤ 72 UTF-8 bytes (no bcrypt truncation), no composition rules.
import { describe, expect, it } from "vitest";
import { newPasswordSchema, passwordSchema } from "./password-policy";

const bytes = (s: string) => Buffer.byteLength(s, "utf8");
const codePoints = (s: string) => [...s].length;

function messages(value: unknown, schema = newPasswordSchema): string[] {
  const result = schema.safeParse(value);
  return result.success ? [] : result.error.issues.map((i) => i.message);
}

describe("newPasswordSchema length in characters", () => {
  it("accepts 8 characters and refuses 7", () => {
    expect(newPasswordSchema.safeParse("abcdefgh").success).toBe(true);
    const refused = messages("abcdefg");
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.join(" ")).toMatch(/8/);
  });

  it("counts Unicode code points, not UTF-16 units or bytes", () => {
    const emoji8 = "🔐🔑🛡️🙂🎉🚀🌍🐍".replace(/\uFE0F/g, ""); // 8 astral code points
    expect(codePoints(emoji8)).toBe(8);
    expect(emoji8.length).toBe(16);
    expect(bytes(emoji8)).toBe(32);
    expect(newPasswordSchema.safeParse(emoji8).success).toBe(true);

    const emoji7 = [...emoji8].slice(0, 7).join(""); // 14 UTF-16 units, still too short
    expect(emoji7.length).toBeGreaterThanOrEqual(8);
    expect(newPasswordSchema.safeParse(emoji7).success).toBe(false);
  });

  it("accepts 128 characters and refuses 129 (the byte limit set aside)", () => {
    // The 72-byte rule makes 128 ASCII characters impossible, so probe the character rule
    // through its own message: 129 characters must report the 128 limit, 128 must not.
    expect(messages("a".repeat(128)).join(" ")).not.toMatch(/128/);
    expect(messages("a".repeat(129)).join(" ")).toMatch(/128/);
  });

  it("a 128-character password within the byte limit cannot exist, so 72 ASCII is the practical maximum", () => {
    expect(newPasswordSchema.safeParse("a".repeat(72)).success).toBe(true);
    expect(newPasswordSchema.safeParse("a".repeat(73)).success).toBe(false);
  });
});

describe("newPasswordSchema byte limit (bcrypt reads only 72 bytes)", () => {
  it("accepts exactly 72 bytes of multi-byte text", () => {
    const value = "é".repeat(36); // 2 bytes each
    expect(bytes(value)).toBe(72);
    expect(newPasswordSchema.safeParse(value).success).toBe(true);
    const mixed = "🔐".repeat(17) + "abcd"; // 68 + 4
    expect(bytes(mixed)).toBe(72);
    expect(newPasswordSchema.safeParse(mixed).success).toBe(true);
  });

  it("refuses 73 bytes even when far under 128 characters, and says why", () => {
    const value = "é".repeat(36) + "a";
    expect(bytes(value)).toBe(73);
    expect(codePoints(value)).toBe(37);
    const refused = messages(value);
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatch(/72 bytes/);
  });

  it("refuses 40 × 'é' (40 characters, 80 bytes) with a message about 72 bytes", () => {
    const value = "é".repeat(40);
    expect(bytes(value)).toBe(80);
    const refused = messages(value);
    expect(refused.some((m) => /72 bytes/.test(m))).toBe(true);
    expect(refused.some((m) => /128/.test(m))).toBe(false);
  });

  it("two passwords equal in their first 72 bytes cannot both be accepted", () => {
    // Were both accepted, bcrypt would treat them as the same password.
    const base = "x".repeat(72);
    expect(newPasswordSchema.safeParse(base).success).toBe(true);
    expect(newPasswordSchema.safeParse(base + "different-tail").success).toBe(false);
  });
});

describe("newPasswordSchema has no composition rules", () => {
  it.each(["aaaaaaaaaaaa", "alllowercaseletters", "1234567890123", "correct horse battery staple"])(
    "accepts %j (commonness is checked elsewhere)",
    (value) => {
      expect(newPasswordSchema.safeParse(value).success).toBe(true);
    },
  );

  it.each([undefined, null, 12345678, ["abcdefgh"]])("refuses the non-string %j", (value) => {
    expect(newPasswordSchema.safeParse(value).success).toBe(false);
  });
});

describe("passwordSchema (an existing password)", () => {
  it("refuses empty and accepts anything from 1 to 1024 characters", () => {
    expect(passwordSchema.safeParse("").success).toBe(false);
    expect(passwordSchema.safeParse("x").success).toBe(true);
    expect(passwordSchema.safeParse("x".repeat(1024)).success).toBe(true);
  });

  it("refuses more than 1024 characters so huge inputs never reach bcrypt", () => {
    expect(passwordSchema.safeParse("x".repeat(1025)).success).toBe(false);
    expect(passwordSchema.safeParse("x".repeat(1_000_000)).success).toBe(false);
  });

  it("does not apply the new-password rules to existing passwords", () => {
    // Short or long legacy passwords must still be checkable, not rejected as malformed.
    expect(passwordSchema.safeParse("short").success).toBe(true);
    expect(passwordSchema.safeParse("é".repeat(100)).success).toBe(true);
  });
});
