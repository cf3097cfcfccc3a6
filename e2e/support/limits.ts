import { expect } from "vitest";
import type { ApiResponse } from "./api";

/**
 * A refusal by a limit, as the API must give it: 429, a `rate_limited` problem, and a
 * Retry-After of at least one second and at most `maxSeconds`. Returns the Retry-After.
 */
export function expectLimited(response: ApiResponse<object>, maxSeconds: number, what = "") {
  expect(response.status, `${what}: ${JSON.stringify(response.body)}`).toBe(429);
  expect((response.body as { code?: string }).code).toBe("rate_limited");
  expect(response.headers.get("content-type")).toContain("application/problem+json");
  const retryAfter = Number(response.headers.get("retry-after"));
  expect(retryAfter, `${what}: Retry-After`).toBeGreaterThanOrEqual(1);
  expect(retryAfter, `${what}: Retry-After`).toBeLessThanOrEqual(maxSeconds);
  return retryAfter;
}
