// Guards the shared primitives: AES-256-GCM sealing, HKDF keys, CSPRNG tokens/digits, hashes.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  decrypt,
  deriveKey,
  encrypt,
  keyedHash,
  randomDigits,
  randomToken,
  sha256,
} from "./primitives";

const key = deriveKey("a-test-secret-that-is-long-enough-000", "unit-test");
const otherKey = deriveKey("a-test-secret-that-is-long-enough-000", "another-purpose");

/** Flips one bit of the base64url-encoded part at `index` of `v1.iv.tag.ciphertext`. */
function tamper(sealed: string, index: number): string {
  const parts = sealed.split(".");
  const bytes = Buffer.from(parts[index]!, "base64url");
  bytes[0]! ^= 0x01;
  parts[index] = bytes.toString("base64url");
  return parts.join(".");
}

describe("encrypt / decrypt", () => {
  it.each([
    ["ascii", "JBSWY3DPEHPK3PXP"],
    ["empty", ""],
    ["unicode", "Zoë 🔐 — 日本語 ✓ \u0000 end"],
    ["long", "x".repeat(100_000)],
  ])("round-trips %s text", (_, plaintext) => {
    expect(decrypt(key, encrypt(key, plaintext))).toBe(plaintext);
  });

  it("has the documented v1.iv.tag.ciphertext shape with a 96-bit IV and 128-bit tag", () => {
    const sealed = encrypt(key, "hello");
    const [version, iv, tag, ciphertext] = sealed.split(".");
    expect(version).toBe("v1");
    expect(Buffer.from(iv!, "base64url")).toHaveLength(12);
    expect(Buffer.from(tag!, "base64url")).toHaveLength(16);
    expect(Buffer.from(ciphertext!, "base64url")).toHaveLength(5);
  });

  it("uses a fresh IV, so one plaintext never gives the same ciphertext twice", () => {
    const sealed = Array.from({ length: 200 }, () => encrypt(key, "same plaintext"));
    expect(new Set(sealed).size).toBe(sealed.length);
    const ivs = sealed.map((s) => s.split(".")[1]);
    expect(new Set(ivs).size).toBe(ivs.length);
  });

  it("does not reveal the plaintext in the ciphertext", () => {
    const plaintext = "SECRETSECRETSECRET-visible-marker";
    const sealed = encrypt(key, plaintext);
    expect(sealed).not.toContain(plaintext);
    expect(sealed).not.toContain("SECRET");
    expect(sealed).not.toContain(Buffer.from(plaintext).toString("base64url").slice(0, 12));
  });

  it.each([
    [1, "iv"],
    [2, "tag"],
    [3, "ciphertext"],
  ])("refuses a ciphertext whose %s (part %i) was altered", (index) => {
    const sealed = encrypt(key, "a TOTP secret worth protecting");
    expect(() => decrypt(key, tamper(sealed, index))).toThrow();
  });

  it("refuses an altered version, a truncated value and garbage", () => {
    const sealed = encrypt(key, "payload");
    expect(() => decrypt(key, sealed.replace(/^v1/, "v2"))).toThrow();
    expect(() => decrypt(key, sealed.slice(3))).toThrow();
    const [v, iv, tag] = sealed.split(".");
    expect(() => decrypt(key, [v, iv, tag].join("."))).toThrow();
    expect(() => decrypt(key, [v, iv, "", "AAAA"].join("."))).toThrow(); // empty tag
    expect(() => decrypt(key, "not a ciphertext")).toThrow();
    expect(() => decrypt(key, "")).toThrow();
  });

  it("refuses a truncated authentication tag", () => {
    const sealed = encrypt(key, "payload");
    const parts = sealed.split(".");
    parts[2] = Buffer.from(parts[2]!, "base64url").subarray(0, 4).toString("base64url");
    expect(() => decrypt(key, parts.join("."))).toThrow();
  });

  it("refuses to decrypt with another key", () => {
    const sealed = encrypt(key, "payload");
    expect(() => decrypt(otherKey, sealed)).toThrow();
    expect(() => decrypt(randomBytes(32), sealed)).toThrow();
  });
});

describe("deriveKey", () => {
  it("is deterministic and 32 bytes long", () => {
    const a = deriveKey("secret-one-secret-one-secret-one!", "totp");
    const b = deriveKey("secret-one-secret-one-secret-one!", "totp");
    expect(a).toHaveLength(32);
    expect(a.equals(b)).toBe(true);
  });

  it("gives a different key per purpose and per secret", () => {
    const secret = "secret-one-secret-one-secret-one!";
    const keys = [
      deriveKey(secret, "totp"),
      deriveKey(secret, "email"),
      deriveKey(secret, "codes"),
      deriveKey("secret-two-secret-two-secret-two!", "totp"),
    ].map((k) => k.toString("hex"));
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("a key derived for one purpose cannot open data sealed for another", () => {
    const secret = "secret-one-secret-one-secret-one!";
    const sealed = encrypt(deriveKey(secret, "totp"), "x");
    expect(() => decrypt(deriveKey(secret, "email"), sealed)).toThrow();
  });
});

describe("randomToken", () => {
  it("defaults to 256 bits as 43 base64url characters", () => {
    const token = randomToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token, "base64url")).toHaveLength(32);
  });

  it("honours a custom byte length", () => {
    expect(randomToken(16)).toMatch(/^[A-Za-z0-9_-]{22}$/); // 128 bits, the spec's floor
  });

  it("never repeats over 1000 draws", () => {
    const tokens = Array.from({ length: 1000 }, () => randomToken());
    expect(new Set(tokens).size).toBe(1000);
  });
});

describe("randomDigits", () => {
  it.each([4, 6, 10])("gives %i decimal digits", (length) => {
    for (let i = 0; i < 100; i++)
      expect(randomDigits(length)).toMatch(new RegExp(`^\\d{${length}}$`));
  });

  it("keeps leading zeros (the code space is all of 10^n)", () => {
    const leadingZero = Array.from({ length: 500 }, () => randomDigits(6)).some((c) =>
      c.startsWith("0"),
    );
    expect(leadingZero).toBe(true); // P(no leading zero in 500 draws) = 0.9^500 ≈ 1e-23
  });

  it("draws each digit uniformly (chi-square over 20 000 digits)", () => {
    const counts = new Array<number>(10).fill(0);
    const digits = Array.from({ length: 2_000 }, () => randomDigits(10)).join("");
    expect(digits).toHaveLength(20_000);
    for (const d of digits) counts[Number(d)]!++;
    const expected = digits.length / 10;
    const chi2 = counts.reduce((sum, c) => sum + (c - expected) ** 2 / expected, 0);
    // 9 degrees of freedom: P(chi2 > 40) ≈ 7e-6. A modulo-biased or stuck generator fails.
    expect(chi2).toBeLessThan(40);
  });

  it("positions are not correlated (every digit appears in every position)", () => {
    const codes = Array.from({ length: 1_000 }, () => randomDigits(6));
    for (let pos = 0; pos < 6; pos++) {
      expect(new Set(codes.map((c) => c[pos])).size).toBe(10);
    }
  });
});

describe("sha256 and keyedHash", () => {
  it("sha256 is the standard SHA-256, base64url encoded", () => {
    // FIPS 180-2 test vector for "abc".
    const hex = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    expect(sha256("abc")).toBe(Buffer.from(hex, "hex").toString("base64url"));
    expect(sha256("abc")).toBe(sha256("abc"));
    expect(sha256("abc")).not.toBe(sha256("abd"));
  });

  it("keyedHash is deterministic per key and value", () => {
    expect(keyedHash(key, "123456")).toBe(keyedHash(key, "123456"));
    expect(keyedHash(key, "123456")).not.toBe(keyedHash(key, "123457"));
  });

  it("keyedHash depends on the key, so a table of code hashes cannot be rebuilt without it", () => {
    expect(keyedHash(key, "123456")).not.toBe(keyedHash(otherKey, "123456"));
    expect(keyedHash(key, "123456")).not.toBe(sha256("123456"));
  });
});
