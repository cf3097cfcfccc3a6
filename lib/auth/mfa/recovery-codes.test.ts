// Guards recovery codes: ten distinct xxxxx-xxxxx codes from an unambiguous alphabet, typed back loosely.
import { describe, expect, it } from "vitest";
import { RECOVERY_CODE_COUNT, newRecoveryCodes, normalizeRecoveryCode } from "./recovery-codes";

const ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";
const FORMAT = /^[abcdefghjkmnpqrstuvwxyz23456789]{5}-[abcdefghjkmnpqrstuvwxyz23456789]{5}$/;

describe("newRecoveryCodes", () => {
  it("gives ten codes in the xxxxx-xxxxx format", () => {
    expect(RECOVERY_CODE_COUNT).toBe(10);
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(10);
    for (const code of codes) expect(code).toMatch(FORMAT);
  });

  it("never uses the ambiguous characters 0 o 1 l i (nor upper case)", () => {
    const all = Array.from({ length: 200 }, newRecoveryCodes).flat().join("");
    expect(all).not.toMatch(/[0o1liA-Z]/);
  });

  it("draws from the whole alphabet (49 bits per code, not fewer)", () => {
    const seen = new Set(
      Array.from({ length: 200 }, newRecoveryCodes).flat().join("").replace(/-/g, ""),
    );
    expect([...seen].sort().join("")).toBe([...ALPHABET].sort().join(""));
  });

  it("the ten codes of a set are distinct, and sets differ", () => {
    for (let i = 0; i < 100; i++) {
      const codes = newRecoveryCodes();
      expect(new Set(codes).size).toBe(codes.length);
    }
    const sets = Array.from({ length: 100 }, () => newRecoveryCodes().join());
    expect(new Set(sets).size).toBe(sets.length);
  });
});

describe("normalizeRecoveryCode", () => {
  it.each([
    ["abcde-fghjk", "abcdefghjk"],
    ["ABCDE-FGHJK", "abcdefghjk"],
    ["abcdefghjk", "abcdefghjk"],
    [" abcde fghjk ", "abcdefghjk"],
    ["ab-cd-ef-gh-jk", "abcdefghjk"],
    ["AbCdE\t-\nfGhJk", "abcdefghjk"],
  ])("normalises %j to %j", (typed, expected) => {
    expect(normalizeRecoveryCode(typed)).toBe(expected);
  });

  it("every way of typing an issued code maps to the same value, and different codes do not collide", () => {
    const codes = newRecoveryCodes();
    const normalised = codes.map(normalizeRecoveryCode);
    for (const [i, code] of codes.entries()) {
      expect(normalizeRecoveryCode(code.toUpperCase())).toBe(normalised[i]);
      expect(normalizeRecoveryCode(code.replace("-", " "))).toBe(normalised[i]);
      expect(normalizeRecoveryCode(code.replace("-", ""))).toBe(normalised[i]);
    }
    expect(new Set(normalised).size).toBe(codes.length);
  });

  it("keeps every other character, so a wrong code stays wrong", () => {
    expect(normalizeRecoveryCode("abcde-fghjx")).not.toBe(normalizeRecoveryCode("abcde-fghjk"));
    expect(normalizeRecoveryCode("abcde_fghjk")).toBe("abcde_fghjk");
  });
});
