// Property: only a live session's bearer token gets in; missing, forged, expired and logged-out tokens are refused, and logout ends exactly the session it was sent with.
import pg from "pg";
import { describe, expect, inject, it } from "vitest";
import { call, post, uniqueEmail, type ApiResponse } from "../support/api";
import { bearer, logIn, type Me } from "../support/login";
import { activatedAccount } from "../support/signup";

const me = (headers: Record<string, string> = {}) => call<Me>("GET", "/api/v1/me", { headers });
const logout = (headers: Record<string, string> = {}) =>
  post("/api/v1/logout", undefined, { headers });

function expectUnauthenticated(response: ApiResponse<object>) {
  expect(response.status).toBe(401);
  expect(response.headers.get("content-type")).toContain("application/problem+json");
  expect(response.body).toMatchObject({ status: 401, code: "unauthenticated" });
  expect(response.headers.get("www-authenticate")).toMatch(/^Bearer/);
}

/** Runs one statement on the test server's database. */
async function sql(text: string, values: unknown[]): Promise<number> {
  const client = new pg.Client({ connectionString: inject("databaseUrl") });
  await client.connect();
  try {
    return (await client.query(text, values)).rowCount ?? 0;
  } finally {
    await client.end();
  }
}

describe("GET /api/v1/me", () => {
  it("answers who is signed in", async () => {
    const account = await activatedAccount(uniqueEmail());
    const { body } = await logIn(account);
    const response = await me(bearer(body.accessToken));
    expect(response.status).toBe(200);
    expect(Object.keys(response.body).sort()).toEqual(
      ["createdAt", "email", "id", "lastLoginAt", "name", "previousLoginAt"].sort(),
    );
    expect(response.body).toMatchObject({ email: account.email, name: null });
  });

  it("refuses a request without a token", async () => {
    expectUnauthenticated(await me());
  });

  it.each([
    ["junk", "Bearer junk"],
    ["a random token", `Bearer ${"A".repeat(43)}`],
    ["an over-long token", `Bearer ${"A".repeat(300)}`],
    ["another scheme", "Basic dXNlckBleGFtcGxlLmNvbTpwYXNzd29yZA=="],
    ["a bare token", "A".repeat(43)],
  ])("refuses %s", async (_, authorization) => {
    expectUnauthenticated(await me({ authorization }));
  });

  it("refuses a real token with one character changed", async () => {
    const account = await activatedAccount(uniqueEmail());
    const { accessToken } = (await logIn(account)).body;
    const last = accessToken.at(-1)!;
    const forged = accessToken.slice(0, -1) + (last === "A" ? "B" : "A");
    expectUnauthenticated(await me(bearer(forged)));
    expect((await me(bearer(accessToken))).status).toBe(200);
  });

  it("refuses an expired token", async () => {
    const account = await activatedAccount(uniqueEmail());
    const { accessToken } = (await logIn(account)).body;
    expect((await me(bearer(accessToken))).status).toBe(200);
    // The account's only session is the one just made.
    const updated = await sql(
      `UPDATE "Session" s SET expires = now() - interval '1 minute'
       FROM "User" u WHERE u.id = s."userId" AND u.email = $1`,
      [account.email],
    );
    expect(updated).toBe(1);
    expectUnauthenticated(await me(bearer(accessToken)));
    expectUnauthenticated(await logout(bearer(accessToken)));
  });
});

describe("POST /api/v1/logout", () => {
  it("answers 204 and revokes the token; a second logout is 401", async () => {
    const account = await activatedAccount(uniqueEmail());
    const { accessToken } = (await logIn(account)).body;
    const response = await logout(bearer(accessToken));
    expect(response.status).toBe(204);
    expectUnauthenticated(await me(bearer(accessToken)));
    expectUnauthenticated(await logout(bearer(accessToken)));
  });

  it("refuses a request without a token", async () => {
    expectUnauthenticated(await logout());
  });

  it("gives each login its own token and revokes only the session it was sent with", async () => {
    const account = await activatedAccount(uniqueEmail());
    const first = (await logIn(account)).body.accessToken;
    const second = (await logIn(account)).body.accessToken;
    expect(second).not.toBe(first);
    expect((await me(bearer(first))).status).toBe(200);
    expect((await me(bearer(second))).status).toBe(200);

    expect((await logout(bearer(first))).status).toBe(204);
    expectUnauthenticated(await me(bearer(first)));
    const still = await me(bearer(second));
    expect(still.status).toBe(200);
    expect(still.body.email).toBe(account.email);
  });

  it("does not let one user's token log out another user's session", async () => {
    const alice = await activatedAccount(uniqueEmail("alice"));
    const bob = await activatedAccount(uniqueEmail("bob"));
    const aliceToken = (await logIn(alice)).body.accessToken;
    const bobToken = (await logIn(bob)).body.accessToken;
    expect((await logout(bearer(aliceToken))).status).toBe(204);
    expect((await me(bearer(bobToken))).body.email).toBe(bob.email);
  });
});
