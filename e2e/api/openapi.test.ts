// The check every API test applies to every answer (e2e/support/openapi.ts), checked
// itself: real answers pass, and each way an answer can stray from the document is caught.
import { describe, expect, it } from "vitest";
import { baseUrl, post, uniqueEmail, STRONG_PASSWORD } from "../support/api";
import { undescribed } from "../support/openapi";

const json = { "content-type": "application/json" };
const problemJson = { "content-type": "application/problem+json" };
const problem = (status: number, code: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    type: `/docs#problem-${code}`,
    title: "t",
    status,
    detail: "d",
    code,
    ...extra,
  });

describe("the check of answers against /api/openapi.json", () => {
  it("passes the answers the server gives", async () => {
    const signup = await post("/api/v1/signup", {
      email: uniqueEmail(),
      password: STRONG_PASSWORD,
    });
    expect(signup.status).toBe(202);
    const refused = await post("/api/v1/signup", { email: "not an address" });
    expect(refused.status).toBe(400);
    const unknown = await fetch(`${baseUrl()}/api/v1/nowhere`);
    expect(unknown.status).toBe(404);
    expect(
      await undescribed({
        method: "GET",
        url: `${baseUrl()}/api/v1/nowhere`,
        status: unknown.status,
        headers: unknown.headers,
        text: await unknown.text(),
      }),
    ).toEqual([]);
  });

  it.each([
    ["a body missing a required field", 202, json, "{}", /must have required property 'message'/],
    ["an undocumented status", 418, problemJson, problem(418, "teapot"), /status not documented/],
    [
      "an undocumented content type",
      202,
      { "content-type": "text/plain" },
      "queued",
      /Content-Type text\/plain/,
    ],
    [
      "a code of another status",
      400,
      problemJson,
      problem(400, "rate_limited"),
      /must be equal to one of the allowed values/,
    ],
    [
      "a problem whose status is not the answer's",
      400,
      problemJson,
      problem(429, "validation_failed"),
      /must be equal to constant/,
    ],
    [
      "a 429 without Retry-After",
      429,
      problemJson,
      problem(429, "rate_limited"),
      /no Retry-After header/,
    ],
    ["a body that is not JSON", 202, json, "queued", /not JSON/],
  ])("catches %s", async (_, status, headers, text, expected) => {
    const problems = await undescribed({
      method: "POST",
      url: `${baseUrl()}/api/v1/signup`,
      status,
      headers,
      text,
    });
    expect(problems.join("\n")).toMatch(expected);
  });

  it("catches an answer from a path the document does not have", async () => {
    const problems = await undescribed({
      method: "GET",
      url: `${baseUrl()}/api/v1/nowhere`,
      status: 200,
      headers: json,
      text: "{}",
    });
    expect(problems.join("\n")).toMatch(/no such operation/);
  });

  it("catches a body where the document has none", async () => {
    const problems = await undescribed({
      method: "POST",
      url: `${baseUrl()}/api/v1/logout`,
      status: 204,
      headers: json,
      text: "{}",
    });
    expect(problems.join("\n")).toMatch(/a body where none is documented/);
  });
});
