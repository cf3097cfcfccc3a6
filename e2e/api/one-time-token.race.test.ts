// Threat: replaying one emailed link in parallel to activate twice, or bursting guesses to
// get more than the attempt budget. Consumption and attempt reservation are atomic.
import { describe, expect, it } from "vitest";
import { post, STRONG_PASSWORD, uniqueEmail } from "../support/api";
import { linkToken } from "../support/mailbox";
import { signUp } from "../support/signup";

describe("one-time link under concurrency", () => {
  it("20 concurrent confirmations of one link give exactly one success and no 5xx", async () => {
    const mail = await signUp(uniqueEmail());
    const body = { token: linkToken(mail), password: STRONG_PASSWORD };
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => post("/api/v1/signup/confirm", body)),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s >= 500)).toHaveLength(0);
    expect(statuses.filter((s) => s !== 200).every((s) => s === 410)).toBe(true);
  });

  it("a burst of 20 concurrent wrong passwords is checked at most 5 times", async () => {
    const mail = await signUp(uniqueEmail());
    const token = linkToken(mail);
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        post("/api/v1/signup/confirm", { token, password: `wrong guess ${i}` }),
      ),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 410)).toHaveLength(15);
    // The budget is spent: the right password no longer helps.
    expect(
      (await post("/api/v1/signup/confirm", { token, password: STRONG_PASSWORD })).status,
    ).toBe(410);
  });
});
