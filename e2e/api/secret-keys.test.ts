// Threat: secrets that survive the rotation of AUTH_SECRET (API sessions keyed by a plain
// hash), and a database dump whose rate-limit keys a dictionary of addresses and IPs
// reverses (keys made with an unkeyed hash).
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { call, STRONG_PASSWORD, uniqueEmail } from "../support/api";
import { withDatabase } from "../support/database-inspect";
import { bearer, logIn } from "../support/login";
import { activatedAccount } from "../support/signup";
import { createDatabase, startServer, TEST_AUTH_SECRET } from "../support/test-server";

describe("rotating AUTH_SECRET", () => {
  it("ends API sessions too: a bearer token from before is refused after", async () => {
    const database = await createDatabase();
    try {
      const before = await startServer(database);
      const account = await activatedAccount(uniqueEmail("rotate"), STRONG_PASSWORD, before.url);
      const { accessToken } = (await logIn(account, before.url)).body;
      const me = (url: string) =>
        call("GET", "/api/v1/me", { server: url, headers: bearer(accessToken) });
      expect((await me(before.url)).status).toBe(200);
      await before.stop();

      const same = await startServer(database);
      expect((await me(same.url)).status, "same secret: the session lives").toBe(200);
      await same.stop();

      const rotated = await startServer(database, {
        env: { AUTH_SECRET: `${TEST_AUTH_SECRET}-rotated` },
      });
      expect((await me(rotated.url)).status).toBe(401);
      await rotated.stop();
    } finally {
      await database.drop();
    }
  });
});

describe("rate-limit keys", () => {
  it("are not an unkeyed hash of the address or the client IP", async () => {
    const database = await createDatabase();
    try {
      const server = await startServer(database);
      const email = uniqueEmail("counted");
      await activatedAccount(email, STRONG_PASSWORD, server.url);
      const keys = await withDatabase(database.url, async (client) => {
        const { rows } = await client.query<{ key: string }>(`SELECT key FROM "RateLimit"`);
        return rows.map((r) => r.key);
      });
      await server.stop();
      // The sign-up was counted per address and per client…
      expect(keys.length).toBeGreaterThanOrEqual(2);
      // …under keys a dictionary cannot reverse.
      const digests = [email, "127.0.0.1"].flatMap((subject) => [
        createHash("sha256").update(subject).digest("base64url"),
        createHash("sha256").update(subject).digest("hex"),
      ]);
      for (const key of keys) {
        for (const digest of digests) expect(key).not.toContain(digest);
        expect(key).not.toContain(email);
        expect(key).not.toContain("127.0.0.1");
      }
    } finally {
      await database.drop();
    }
  });
});
