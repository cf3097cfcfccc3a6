// Guards the common-password check: every entry of the shipped list is refused, in any case.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import * as passwords from "./common-passwords";

const LIST = path.join(process.cwd(), "lib", "auth", "passwords", "common-passwords.txt");

describe("isCommonPassword", () => {
  const listed = readFileSync(LIST, "utf8")
    .split("\n")
    .filter((line) => line && !line.startsWith("#"));

  it.each(["password", "12345678", "password1", "iloveyou", "qwertyuiop"])(
    "refuses %j",
    (value) => {
      expect(passwords.isCommonPassword(value)).toBe(true);
    },
  );

  it("ignores case", () => {
    expect(passwords.isCommonPassword("PassWord")).toBe(true);
    expect(passwords.isCommonPassword("PASSWORD1")).toBe(true);
    expect(passwords.isCommonPassword("ILoveYou")).toBe(true);
  });

  it("refuses every entry of the shipped list, in any case", () => {
    expect(listed.length).toBeGreaterThan(5_000);
    const missed = listed.filter(
      (p) => !passwords.isCommonPassword(p) || !passwords.isCommonPassword(p.toUpperCase()),
    );
    expect(missed).toEqual([]);
  });

  it("does not treat the list's comment lines as passwords", () => {
    const comment = readFileSync(LIST, "utf8")
      .split("\n")
      .find((l) => l.startsWith("#"));
    expect(comment).toBeDefined();
    expect(passwords.isCommonPassword(comment!)).toBe(false);
  });

  it.each(["violet-harbour-tram-1987-quietly", "Zoë 🔐 пароль", "x7#Kq!2pLm@9"])(
    "accepts the uncommon %j",
    (value) => {
      expect(passwords.isCommonPassword(value)).toBe(false);
    },
  );

  it("accepts a fresh random passphrase", () => {
    const random = Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) =>
      b.toString(36),
    ).join("-");
    expect(passwords.isCommonPassword(random)).toBe(false);
  });
});
