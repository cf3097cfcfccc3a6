// Threat: a session that outlives revocation or expiry, ended by another user, or usable from a dump.
import { describe, expect, it } from "vitest";
import { client, freshDatabase, userRow } from "../../e2e/support/in-process";
import { db } from "../server/db";
import {
  createSession,
  findSession,
  findSessionById,
  listSessions,
  revokeOtherSessions,
  revokeSession,
} from "./sessions";

await freshDatabase();

const open = (userId: string, kind: "API" | "BROWSER" = "API") =>
  db().$transaction((tx) => createSession(tx, userId, kind, client(kind)));
const stored = (id: string) => db().session.findUnique({ where: { id } });

describe("createSession and findSession", () => {
  it("find the session by its token, which is stored only as a keyed hash", async () => {
    const { id } = await userRow();
    const user = await db().user.update({
      where: { id },
      data: {
        name: "Ada",
        lastLoginAt: new Date("2026-11-20T10:00:00Z"),
        previousLoginAt: new Date("2026-11-19T09:30:00Z"),
      },
    });
    const session = await open(user.id, "BROWSER");
    expect(session.token).toMatch(/^[\w-]{43}$/);
    const row = (await stored(session.id))!;
    expect(row.sessionToken).not.toBe(session.token);
    expect(row.sessionToken).not.toContain(session.token.slice(0, 12));
    expect(row).toMatchObject({ kind: "BROWSER", userAgent: "vitest (BROWSER)" });
    expect(row.ip).toMatch(/^198\.18\./);

    const found = await findSession(session.token);
    expect(found).toMatchObject({ id: session.id, userId: user.id, kind: "BROWSER" });
    expect(found!.user).toEqual({
      id: user.id,
      email: user.email,
      name: user.name,
      createdAt: user.createdAt,
      lastLoginAt: user.lastLoginAt,
      previousLoginAt: user.previousLoginAt,
    });
    expect(await findSessionById(session.id)).toEqual(found);
    // The hash stored is not itself a token that works.
    expect(await findSession(row.sessionToken)).toBeNull();
  });

  it("find nothing for an unknown, empty, oversized or expired token", async () => {
    const user = await userRow();
    const session = await open(user.id);
    for (const token of [undefined, null, "", "x".repeat(43), "x".repeat(257)]) {
      expect(await findSession(token)).toBeNull();
    }
    await db().session.update({
      where: { id: session.id },
      data: { expires: new Date(Date.now() - 1) },
    });
    expect(await findSession(session.token)).toBeNull();
    expect(await findSessionById(session.id)).toBeNull();
  });

  it("note when a session was last seen, at most once a minute", async () => {
    const user = await userRow();
    const session = await open(user.id);
    const first = (await stored(session.id))!.lastSeenAt;
    await findSession(session.token);
    expect((await stored(session.id))!.lastSeenAt).toEqual(first);

    const longAgo = new Date(Date.now() - 5 * 60_000);
    await db().session.update({ where: { id: session.id }, data: { lastSeenAt: longAgo } });
    await findSession(session.token);
    const seen = (await stored(session.id))!.lastSeenAt;
    expect(seen.getTime()).toBeGreaterThan(Date.now() - 60_000);
  });
});

describe("revoking sessions", () => {
  it("ends one session of the user's own, at once, and none of another user's", async () => {
    const [me, them] = await Promise.all([userRow(), userRow()]);
    const mine = await open(me.id);
    const theirs = await open(them.id);
    expect(await revokeSession(me.id, theirs.id, client())).toBe(false);
    expect(await findSession(theirs.token)).not.toBeNull();

    expect(await revokeSession(me.id, mine.id, client())).toBe(true);
    expect(await findSession(mine.token)).toBeNull();
    expect(await stored(mine.id)).toBeNull();
    expect(await revokeSession(me.id, mine.id, client())).toBe(false);
  });

  it("ends every other session of the user and keeps the current one", async () => {
    const [me, them] = await Promise.all([userRow(), userRow()]);
    const current = await open(me.id, "BROWSER");
    const others = [await open(me.id), await open(me.id, "BROWSER")];
    const theirs = await open(them.id);
    expect(await revokeOtherSessions(me.id, current.id, client())).toBe(2);
    for (const other of others) expect(await findSession(other.token)).toBeNull();
    expect(await findSession(current.token)).not.toBeNull();
    expect(await findSession(theirs.token)).not.toBeNull();
  });
});

describe("listSessions", () => {
  it("lists the user's live sessions, most recently seen first, without their tokens", async () => {
    const user = await userRow();
    const [older, newer, expired] = [await open(user.id), await open(user.id), await open(user.id)];
    await db().session.update({
      where: { id: older.id },
      data: { lastSeenAt: new Date(Date.now() - 60_000) },
    });
    await db().session.update({
      where: { id: expired.id },
      data: { expires: new Date(Date.now() - 1) },
    });
    const listed = await listSessions(user.id, older.id);
    expect(listed.map((s) => s.id)).toEqual([newer.id, older.id]);
    expect(listed.map((s) => s.current)).toEqual([false, true]);
    expect(JSON.stringify(listed)).not.toContain(newer.token);
    expect(listed[0]).not.toHaveProperty("sessionToken");
  });
});
