// Threat: script injection, framing, MIME sniffing, token leaks through Referer or caches, and HTTPS downgrade.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TOKEN_PAGES } from "../../lib/shared/routes";
import { baseUrl } from "../support/api";
import { rawRequest } from "../support/raw-http";
import {
  createDatabase,
  startServer,
  type Database,
  type TestServer,
} from "../support/test-server";
import { describedFetch } from "../support/openapi";

const PAGES = ["/", "/signup", "/login", "/docs"];

async function get(path: string, headers: Record<string, string> = {}, server = baseUrl()) {
  const response = await describedFetch(`${server}${path}`, { headers, redirect: "manual" });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

function nonceOf(csp: string | null): string {
  const match = /script-src[^;]*'nonce-([A-Za-z0-9+/=_-]+)'/.exec(csp ?? "");
  if (!match) throw new Error(`No script nonce in CSP: ${csp}`);
  return match[1]!;
}

function directives(csp: string | null): Map<string, string> {
  return new Map(
    (csp ?? "")
      .split(";")
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => {
        const [name, ...values] = d.split(/\s+/);
        return [name!.toLowerCase(), values.join(" ")];
      }),
  );
}

describe("pages", () => {
  it.each(PAGES)("%s has a nonce-based CSP, no framing, no sniffing", async (path) => {
    const first = await get(path);
    const second = await get(path);
    expect(first.status).toBe(200);
    const csp = first.headers.get("content-security-policy");
    const d = directives(csp);
    expect(d.get("frame-ancestors")).toBe("'none'");
    expect(d.get("object-src")).toBe("'none'");
    expect(d.get("script-src")).toMatch(/'nonce-/);
    expect(d.get("script-src")).not.toMatch(/'unsafe-inline'|'unsafe-eval'|\*/);
    expect(d.has("default-src")).toBe(true);
    expect(d.get("base-uri")).toMatch(/'none'|'self'/);
    expect(first.headers.get("x-content-type-options")).toBe("nosniff");
    expect(first.headers.get("x-frame-options")).toBe("DENY");

    // A fresh, unguessable nonce per response.
    const nonce = nonceOf(csp);
    expect(nonce.length).toBeGreaterThanOrEqual(16);
    expect(nonceOf(second.headers.get("content-security-policy"))).not.toBe(nonce);

    // Every script in the page carries this response's nonce (with 'strict-dynamic', a
    // script without it would be refused, and a stale nonce would mean a cached page).
    const scripts = [...first.text.matchAll(/<script\b([^>]*)>/gi)].map((m) => m[1]!);
    expect(scripts.length).toBeGreaterThan(0);
    const inline = scripts.filter((attrs) => !/\bsrc=/i.test(attrs));
    expect(inline.length).toBeGreaterThan(0);
    const wrong = scripts.filter(
      (attrs) =>
        !/type="application\/(ld\+)?json"/i.test(attrs) &&
        !new RegExp(`\\bnonce="${nonce.replace(/[+/=]/g, "\\$&")}"`).test(attrs),
    );
    expect(wrong).toEqual([]);
    expect(first.text).not.toContain(nonceOf(second.headers.get("content-security-policy")));
  });

  it("no page is sent over plain HTTP with HSTS (it would be ignored, and says nothing)", async () => {
    const page = await get("/login");
    expect(page.headers.get("strict-transport-security")).toBeNull();
  });
});

describe("pages opened by emailed links", () => {
  it.each(TOKEN_PAGES)(
    "%s?token=… answers 303 to the bare URL, no-referrer and no-store, the token in a scoped cookie",
    async (path) => {
      const token = "T0ken_" + "x".repeat(37);
      // Raw, to see each header line exactly as sent (a second Referrer-Policy would be merged).
      const response = await rawRequest(`${baseUrl()}${path}?token=${token}`, { method: "GET" });
      expect(response.status).toBe(303);
      const referrer = response.rawHeaders
        .filter(([name]) => name.toLowerCase() === "referrer-policy")
        .map(([, v]) => v);
      expect(referrer).toEqual(["no-referrer"]);
      expect(response.headers["cache-control"]).toMatch(/no-store/);
      const location = new URL(response.headers["location"]!, baseUrl());
      expect(location.pathname).toBe(path);
      expect(location.search).toBe("");
      expect(response.headers["location"]).not.toContain(token);
      const cookie = response.headers["set-cookie"] ?? "";
      expect(cookie).toContain(token);
      expect(cookie).toMatch(/HttpOnly/i);
      expect(cookie).toMatch(/SameSite=Lax/i);
      expect(cookie).toMatch(new RegExp(`Path=${path.replace(/\//g, "\\/")}(;|$)`, "i"));

      // The page the redirect leads to is not cached either.
      const page = await get(path, { cookie: cookie.split(";")[0]! });
      expect(page.status).toBe(200);
      expect(page.headers.get("cache-control")).toMatch(/no-store/);
      expect(page.headers.get("content-security-policy")).toMatch(/frame-ancestors 'none'/);
    },
  );
});

describe("API responses", () => {
  it.each([
    ["GET", "/api/health", undefined],
    ["GET", "/api/openapi.json", undefined],
    ["GET", "/api/v1/me", undefined],
    ["POST", "/api/v1/signup", "{}"],
    ["POST", "/api/v1/login", '{"email":"nobody@example.com"}'],
    ["POST", "/api/v1/password/forgot", '{"email":"nobody@example.com"}'],
    ["GET", "/api/v1/me/sessions", undefined],
    ["DELETE", "/api/v1/me/sessions/some-id", undefined],
  ] as const)("%s %s is no-store, nosniff and never compressed", async (method, path, body) => {
    const response = await describedFetch(`${baseUrl()}${path}`, {
      method,
      body,
      headers: {
        "accept-encoding": "gzip, deflate, br",
        ...(body ? { "content-type": "application/json" } : {}),
      },
    });
    expect(response.headers.get("cache-control")).toMatch(/no-store/);
    // BREACH: a compressed answer's size would tell an observer about the secrets in it.
    expect(response.headers.get("content-encoding")).toBeNull();
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  });
});

describe("HTTPS behind a reverse proxy (TRUST_PROXY=1)", () => {
  let database: Database;
  let server: TestServer;
  beforeAll(async () => {
    database = await createDatabase();
    server = await startServer(database, { env: { TRUST_PROXY: "1" } });
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  it("sends HSTS on pages served over HTTPS", async () => {
    const page = await get("/login", { "x-forwarded-proto": "https" }, server.url);
    expect(page.status).toBe(200);
    const hsts = page.headers.get("strict-transport-security") ?? "";
    expect(hsts).toMatch(/max-age=(\d+)/);
    expect(Number(/max-age=(\d+)/.exec(hsts)?.[1])).toBeGreaterThanOrEqual(15_552_000); // ≥ 180 days
  });

  it("sends HSTS on API responses served over HTTPS", async () => {
    const response = await describedFetch(`${server.url}/api/health`, {
      headers: { "x-forwarded-proto": "https" },
    });
    expect(response.headers.get("strict-transport-security") ?? "").toMatch(/max-age=\d+/);
  });

  it("marks the link-token cookie Secure over HTTPS", async () => {
    const response = await rawRequest(`${server.url}/login/verify?token=${"a".repeat(43)}`, {
      method: "GET",
      headers: { "x-forwarded-proto": "https" },
    });
    expect(response.status).toBe(303);
    expect(response.headers["set-cookie"]).toMatch(/;\s*Secure/i);
    expect(response.headers["strict-transport-security"] ?? "").toMatch(/max-age=\d+/);
  });

  it("sends no HSTS over plain HTTP", async () => {
    const page = await get("/login", {}, server.url);
    expect(page.headers.get("strict-transport-security")).toBeNull();
  });
});
