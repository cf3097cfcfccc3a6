// Guards the RFC 9457 problem catalogue: the shape clients rely on and sane HTTP statuses.
import { describe, expect, it } from "vitest";
import { AppError, problems, toProblem, type ProblemCode } from "./problems";

describe("toProblem", () => {
  it("renders type, title, status, detail and code, and nothing else when there are no extras", () => {
    const problem = toProblem(new AppError("token_expired", "This link expired 5 minutes ago."));
    expect(problem).toEqual({
      type: "/docs#problem-token_expired",
      title: problems.token_expired.title,
      status: 410,
      detail: "This link expired 5 minutes ago.",
      code: "token_expired",
    });
    expect(Object.keys(problem)).not.toContain("errors");
    expect(Object.keys(problem)).not.toContain("retryAfter");
  });

  it("carries field errors for validation problems", () => {
    const errors = { email: ["Enter a valid email address."], password: ["Too short.", "Common."] };
    const problem = toProblem(
      new AppError("validation_failed", "Some fields need attention.", { fieldErrors: errors }),
    );
    expect(problem).toMatchObject({ status: 400, code: "validation_failed", errors });
  });

  it("carries retryAfter for rate limits, including a value of 0", () => {
    const limited = toProblem(
      new AppError("rate_limited", "Slow down.", { retryAfterSeconds: 42 }),
    );
    expect(limited).toMatchObject({ status: 429, code: "rate_limited", retryAfter: 42 });
    const zero = toProblem(new AppError("rate_limited", "Try now.", { retryAfterSeconds: 0 }));
    expect(zero.retryAfter).toBe(0);
  });

  it("the one-time-link failures share 410 but keep distinct codes and titles", () => {
    const codes: ProblemCode[] = ["token_expired", "token_used", "token_invalid"];
    const rendered = codes.map((c) => toProblem(new AppError(c, "x")));
    expect(rendered.map((p) => p.status)).toEqual([410, 410, 410]);
    expect(new Set(rendered.map((p) => p.code)).size).toBe(3);
    expect(new Set(rendered.map((p) => p.title)).size).toBe(3);
  });

  it("survives JSON serialisation unchanged", () => {
    const problem = toProblem(
      new AppError("rate_limited", "Slow down.", {
        retryAfterSeconds: 3,
        fieldErrors: { a: ["b"] },
      }),
    );
    expect(JSON.parse(JSON.stringify(problem))).toEqual(problem);
  });
});

describe("AppError", () => {
  it("is a real Error with status and title from the catalogue", () => {
    const error = new AppError("wrong_password", "Wrong password.");
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toBe("Wrong password.");
    expect(error.status).toBe(401);
    expect(error.title).toBe(problems.wrong_password.title);
  });
});

describe("the catalogue", () => {
  const entries = Object.entries(problems) as [ProblemCode, { status: number; title: string }][];

  it.each(entries)("%s has an error status (4xx/5xx) and a title", (_, entry) => {
    expect(Number.isInteger(entry.status)).toBe(true);
    expect(entry.status).toBeGreaterThanOrEqual(400);
    expect(entry.status).toBeLessThan(600);
    expect(entry.title.trim().length).toBeGreaterThan(0);
  });

  it("codes are stable snake_case identifiers and types are unique", () => {
    for (const [code] of entries) expect(code).toMatch(/^[a-z]+(_[a-z]+)*$/);
    const types = entries.map(([code]) => toProblem(new AppError(code, "d")).type);
    expect(new Set(types).size).toBe(entries.length);
  });
});
