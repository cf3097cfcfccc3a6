// Threat: an address in clear in the log, where anyone who reads the log can collect it.
import { describe, expect, it } from "vitest";
import { TEST_AUTH_SECRET } from "../../e2e/support/test-server";
import { emailForLog } from "./email-for-log";

process.env.AUTH_SECRET = TEST_AUTH_SECRET;

describe("emailForLog", () => {
  it("shows an address as an HMAC that matches itself and reads as nothing", () => {
    const shown = emailForLog("Ada@Example.com");
    expect(shown).toMatch(/^hmac:[\w-]{22}$/);
    expect(shown).not.toContain("ada");
    expect(emailForLog("ada@example.com")).toBe(shown);
    expect(emailForLog("bob@example.com")).not.toBe(shown);
  });
});
