// Threat: a session the owner cannot see or end (a thief's token lives on), or a signed-in user who can see or end another account's sessions.
import { describe, expect, it } from "vitest";
import { uniqueEmail } from "../support/api";
import { endOtherSessions, endSession, listSessions, type SessionView } from "../support/lifecycle";
import { apiSession, browserSession, me, stillSignedIn } from "../support/login";
import { activatedAccount } from "../support/signup";

/** An account signed in from a browser and with two API tokens. */
async function threeSessions(label: string) {
  const account = await activatedAccount(uniqueEmail(label));
  const browser = await browserSession(account);
  const first = await apiSession(account, 0);
  const second = await apiSession(account, 1);
  return { account, browser, first, second };
}

async function sessionsSeenBy(token: string): Promise<SessionView[]> {
  const response = await listSessions(token);
  expect(response.status).toBe(200);
  return response.body.sessions;
}

const currentOf = (sessions: SessionView[]) => sessions.filter((s) => s.current);

describe("GET /api/v1/me/sessions", () => {
  it("lists every session of the account, browser and API, and marks the one asking as current", async () => {
    const { first, second } = await threeSessions("sessions-list");
    const stranger = await apiSession(await activatedAccount(uniqueEmail("stranger")), 0);
    const start = Date.now() - 60_000;

    const seen = await sessionsSeenBy(first);
    expect(seen).toHaveLength(3);
    expect(seen.map((s) => s.kind).sort()).toEqual(["API", "API", "BROWSER"]);
    expect(new Set(seen.map((s) => s.id)).size).toBe(3);
    for (const s of seen) {
      expect(s.ip).toBe("127.0.0.1");
      expect(s.device).toEqual(expect.any(String));
      for (const at of [s.createdAt, s.lastSeenAt]) {
        expect(Date.parse(at)).toBeGreaterThanOrEqual(start);
        expect(Date.parse(at)).toBeLessThanOrEqual(Date.now());
      }
    }
    expect(currentOf(seen)).toHaveLength(1);
    expect(currentOf(seen)[0]!.kind).toBe("API");

    // Another token of the same account sees the same sessions, with itself as current.
    const seenBySecond = await sessionsSeenBy(second);
    expect(seenBySecond.map((s) => s.id).sort()).toEqual(seen.map((s) => s.id).sort());
    expect(currentOf(seenBySecond)).toHaveLength(1);
    expect(currentOf(seenBySecond)[0]!.id).not.toBe(currentOf(seen)[0]!.id);

    // No account sees another's.
    const others = (await sessionsSeenBy(stranger)).map((s) => s.id);
    expect(others).toHaveLength(1);
    expect(seen.map((s) => s.id)).not.toContain(others[0]);
  });

  it("refuses a request without a live session (401)", async () => {
    expect((await listSessions("A".repeat(43))).status).toBe(401);
  });
});

describe("DELETE /api/v1/me/sessions/{id}", () => {
  it("ends that session at once, and only that one", async () => {
    const { browser, first, second } = await threeSessions("sessions-end");
    const secondId = currentOf(await sessionsSeenBy(second))[0]!.id;
    const ended = await endSession(first, secondId);
    expect(ended.status).toBe(204);
    expect((await me(second)).status).toBe(401);
    expect((await me(first)).status).toBe(200);
    expect(await stillSignedIn(browser)).toBe(true);
    expect((await sessionsSeenBy(first)).map((s) => s.id)).not.toContain(secondId);
    // It is gone: ending it again finds nothing.
    expect((await endSession(first, secondId)).status).toBe(404);
  });

  it("answers 404 for another account's session, which keeps working, and for an unknown id", async () => {
    const alice = await apiSession(await activatedAccount(uniqueEmail("alice")), 0);
    const bob = await apiSession(await activatedAccount(uniqueEmail("bob")), 0);
    const bobsId = currentOf(await sessionsSeenBy(bob))[0]!.id;
    for (const id of [bobsId, "no-such-session", "A".repeat(64)]) {
      const response = await endSession(alice, id);
      expect([response.status, response.body.code], id).toEqual([404, "not_found"]);
      expect(response.headers.get("content-type")).toContain("application/problem+json");
    }
    expect((await me(bob)).status).toBe(200);
    expect((await me(alice)).status).toBe(200);
  });
});

describe("DELETE /api/v1/me/sessions", () => {
  it("ends every other session, browser and API, and keeps the current one", async () => {
    const { browser, first, second } = await threeSessions("sessions-others");
    expect((await endOtherSessions(first)).status).toBe(204);
    expect((await me(first)).status).toBe(200);
    expect((await me(second)).status).toBe(401);
    expect(await stillSignedIn(browser)).toBe(false);
    const left = await sessionsSeenBy(first);
    expect(left).toEqual([expect.objectContaining({ current: true, kind: "API" })]);
  });
});
