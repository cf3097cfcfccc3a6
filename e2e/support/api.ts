import { randomBytes } from "node:crypto";
import { inject } from "vitest";
import { expectDescribed } from "./openapi";
import { noteRequest, SECRETS_FILE_ENV } from "./secrets-seen";

// A thin HTTP client for the API tests: real requests to the real server, whose answers
// must be as the OpenAPI document describes them.

export const baseUrl = () => inject("baseUrl");

// Where this worker notes the secrets it sees (./secrets-seen.ts).
process.env[SECRETS_FILE_ENV] ??= inject("secretsFile");

export interface ApiResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
}

export async function call<T = Record<string, unknown>>(
  method: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string>; server?: string } = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...options.headers };
  let body: string | undefined;
  if (options.body !== undefined) {
    headers["content-type"] ??= "application/json";
    body = typeof options.body === "string" ? options.body : JSON.stringify(options.body);
  }
  const url = `${options.server ?? baseUrl()}${path}`;
  noteRequest(body, headers);
  const response = await fetch(url, { method, headers, body });
  const text = await response.text();
  await expectDescribed({ method, url, status: response.status, headers: response.headers, text });
  return {
    status: response.status,
    headers: response.headers,
    body: (text ? JSON.parse(text) : {}) as T,
  };
}

export const post = <T = Record<string, unknown>>(
  path: string,
  body?: unknown,
  options: { headers?: Record<string, string>; server?: string } = {},
) => call<T>("POST", path, { ...options, body });

export function uniqueEmail(label = "user"): string {
  return `${label}-${randomBytes(5).toString("hex")}@example.com`;
}

export const basic = (email: string, password: string) =>
  `Basic ${Buffer.from(`${email}:${password}`).toString("base64")}`;

export const STRONG_PASSWORD = "correct horse battery staple";
