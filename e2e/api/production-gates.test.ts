// Threat: a production deployment that exposes readable mail (the development mailbox, or
// mail kept and logged in clear when no provider is configured), or serves Auth.js's own
// routes, whose sign-out clears the cookie but leaves the session alive.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseUrl, post, uniqueEmail, STRONG_PASSWORD } from "../support/api";
import { dedicatedServers } from "../support/dedicated-server";
import { startFakeResend, type FakeResend } from "../support/fake-resend";
import { createDatabase, startServer, type TestServer } from "../support/test-server";
import { describedFetch } from "../support/openapi";

const server = dedicatedServers();

describe("a production build without a mail provider", () => {
  it("refuses to start unless the readable dev mailbox is asked for, and says why", async () => {
    const database = await createDatabase();
    try {
      const started = startServer(database, { env: { DEV_MAILBOX: "0", RESEND_API_KEY: "" } });
      await expect(started).rejects.toThrow(/exited early/);
      await expect(started).rejects.toThrow(/RESEND_API_KEY.*DEV_MAILBOX=1/s);
    } finally {
      await database.drop();
    }
  });

  it("starts with DEV_MAILBOX=1, and serves the mailbox it was asked for", async () => {
    const open = await server({ DEV_MAILBOX: "1" });
    expect((await describedFetch(`${open.url}/dev/mailbox`)).status).toBe(200);
    expect((await describedFetch(`${open.url}/api/dev/mailbox`)).status).toBe(200);
  });
});

describe("a production build with a mail provider", () => {
  let fake: FakeResend;
  let production: TestServer;
  beforeAll(async () => {
    fake = await startFakeResend("re_test_gate");
    production = await server({
      DEV_MAILBOX: "0",
      RESEND_API_KEY: fake.apiKey,
      RESEND_BASE_URL: fake.url,
    });
  });
  afterAll(async () => {
    await fake?.close();
  });

  it("answers 404 for the mailbox page and its API, with mail just sent", async () => {
    const email = uniqueEmail("gate");
    const signup = await post(
      "/api/v1/signup",
      { email, password: STRONG_PASSWORD },
      { server: production.url },
    );
    expect(signup.status).toBe(202);
    await fake.waitForDelivery(email, /Confirm your Triplock account/);
    for (const path of ["/dev/mailbox", `/dev/mailbox?to=${email}`]) {
      const page = await describedFetch(`${production.url}${path}`);
      expect(page.status, path).toBe(404);
      expect(await page.text()).not.toContain(email);
    }
    for (const path of ["/api/dev/mailbox", `/api/dev/mailbox?to=${email}`]) {
      const api = await describedFetch(`${production.url}${path}`);
      expect(api.status, path).toBe(404);
      expect(api.headers.get("content-type")).toMatch(/^application\/problem\+json/);
      expect(await api.text()).not.toContain(email);
    }
  });

  it("does not log the mail it sends", async () => {
    const email = uniqueEmail("quiet");
    await post("/api/v1/signup", { email, password: STRONG_PASSWORD }, { server: production.url });
    const delivery = await fake.waitForDelivery(email, /Confirm your Triplock account/);
    const token = /token=([\w-]+)/.exec(delivery.payload.text ?? "")![1]!;
    expect(production.logs()).not.toContain(token);
  });
});

describe("Auth.js's own routes", () => {
  it.each([
    ["GET", "/api/auth/session"],
    ["GET", "/api/auth/csrf"],
    ["GET", "/api/auth/providers"],
    ["POST", "/api/auth/signout"],
    ["POST", "/api/auth/callback/session-handoff"],
  ])("%s %s is not served (logout is /logout, which ends the session)", async (method, path) => {
    const response = await describedFetch(`${baseUrl()}${path}`, { method });
    expect(response.status).toBe(404);
  });
});
