// Threat: a link or code reused, used for another purpose, used late, or guessed past its budget.
import { describe, expect, it } from "vitest";
import { failure, freshDatabase, userRow } from "../../e2e/support/in-process";
import { otherCode } from "../../e2e/support/login";
import { sha256 } from "../crypto/primitives";
import type { TokenPurpose } from "../generated/prisma/client";
import { db } from "../server/db";
import { linkProblems } from "../shared/messages";
import {
  attemptsLeft,
  codeMatches,
  consume,
  findByLink,
  findByLinkWithUser,
  issueToken,
  reserveAttempt,
  tokenLink,
  whyDead,
} from "./tokens";

// The strict profile of SPEC 1.1.6: a 4-digit code that works for one minute.
await freshDatabase({
  TOKEN_MAX_ATTEMPTS: "3",
  LINK_TTL_SECONDS: "1800",
  ACTIVATION_CODE_LENGTH: "4",
  ACTIVATION_CODE_TTL_SECONDS: "60",
});

async function issued(purpose: TokenPurpose = "LOGIN", userId?: string) {
  const owner = userId ?? (await userRow()).id;
  const fresh = await db().$transaction((tx) => issueToken(tx, owner, purpose));
  const row = await db().oneTimeToken.findUniqueOrThrow({
    where: { tokenHash: sha256(fresh.token) },
  });
  return { ...fresh, row, userId: owner };
}

const stored = (id: string) => db().oneTimeToken.findUniqueOrThrow({ where: { id } });
const expireAt = (id: string, field: "expiresAt" | "codeExpiresAt") =>
  db().oneTimeToken.update({ where: { id }, data: { [field]: new Date(Date.now() - 1000) } });
const consumeIn = (row: Awaited<ReturnType<typeof issued>>["row"]) =>
  db().$transaction((tx) => consume(tx, row));

describe("issueToken", () => {
  it("gives a 256-bit link and a code of ACTIVATION_CODE_LENGTH digits, stores only their hashes, each with its lifetime", async () => {
    const before = Date.now();
    const { token, code, expiresAt, row } = await issued();
    expect(token).toMatch(/^[\w-]{43}$/);
    expect(code).toMatch(/^\d{4}$/);
    expect(JSON.stringify(row)).not.toContain(token);
    expect(row.codeHash).not.toContain(code);
    expect(row.codeHash).toMatch(/^[\w-]{43}$/);
    const link = row.expiresAt.getTime() - before;
    const typed = row.codeExpiresAt!.getTime() - before;
    expect(link).toBeGreaterThanOrEqual(1800_000);
    expect(link).toBeLessThan(1810_000);
    expect(typed).toBeGreaterThanOrEqual(60_000);
    expect(typed).toBeLessThan(70_000);
    // A mail carrying both is worth sending until the later of the two dies.
    expect(expiresAt).toEqual(row.expiresAt);
    expect(tokenLink("LOGIN", token)).toBe(`http://triplock.test/login/verify?token=${token}`);
  });

  it("kills the earlier requests of that purpose only", async () => {
    const first = await issued("LOGIN");
    const deletion = await issued("DELETE_ACCOUNT", first.userId);
    const second = await issued("LOGIN", first.userId);
    expect((await failure(findByLink(first.token, "LOGIN"))).message).toBe(linkProblems.invalid);
    expect((await stored(first.row.id)).revokedAt).not.toBeNull();
    expect((await findByLink(second.token, "LOGIN")).id).toBe(second.row.id);
    expect((await findByLink(deletion.token, "DELETE_ACCOUNT")).id).toBe(deletion.row.id);
    // Nor does it touch another user's request of the same purpose.
    const other = await issued("LOGIN");
    await issued("LOGIN", first.userId);
    expect((await findByLink(other.token, "LOGIN")).id).toBe(other.row.id);
  });
});

describe("findByLink", () => {
  it("binds a link to its purpose: a LOGIN link is unknown for DELETE_ACCOUNT and SIGNUP", async () => {
    const { token, row } = await issued("LOGIN");
    for (const purpose of ["DELETE_ACCOUNT", "SIGNUP"] as const) {
      const refused = await failure(findByLink(token, purpose));
      expect([refused.status, refused.code]).toEqual([410, "token_invalid"]);
    }
    expect((await findByLink(token, "LOGIN")).id).toBe(row.id);
    // Asking with the wrong purpose spent nothing.
    expect((await stored(row.id)).attempts).toBe(0);
  });

  it("answers an unknown token 410 token_invalid", async () => {
    const unknown = await failure(findByLink("x".repeat(43), "LOGIN"));
    expect([unknown.status, unknown.code]).toEqual([410, "token_invalid"]);
  });

  it("answers token_expired once the link's lifetime is over", async () => {
    const { token, row } = await issued();
    await expireAt(row.id, "expiresAt");
    const expired = await failure(findByLink(token, "LOGIN"));
    expect([expired.status, expired.code]).toEqual([410, "token_expired"]);
    expect((await failure(reserveAttempt(row, "link"))).code).toBe("token_expired");
    expect((await failure(consumeIn(row))).status).toBe(410);
    expect((await stored(row.id)).consumedAt).toBeNull();
  });

  it("says the account is gone when its user was deleted since", async () => {
    const { token, userId } = await issued();
    expect((await findByLinkWithUser(token, "LOGIN")).user.id).toBe(userId);
    // The row goes with its user (cascade), so the link is then simply not valid.
    await db().user.delete({ where: { id: userId } });
    expect((await failure(findByLinkWithUser(token, "LOGIN"))).code).toBe("token_invalid");
  });
});

describe("consume", () => {
  it("works once: the second use is 410 token_used, and so is every later lookup", async () => {
    const { token, row } = await issued();
    await consumeIn(row);
    const consumedAt = (await stored(row.id)).consumedAt;
    expect(consumedAt).not.toBeNull();
    const again = await failure(consumeIn(row));
    expect([again.status, again.code]).toEqual([410, "token_used"]);
    expect((await failure(findByLink(token, "LOGIN"))).code).toBe("token_used");
    expect((await failure(reserveAttempt(row, "code"))).code).toBe("token_used");
    expect((await stored(row.id)).consumedAt).toEqual(consumedAt);
  });

  it("refuses a revoked request, and is undone with the transaction it ran in", async () => {
    const first = await issued();
    await issued("LOGIN", first.userId);
    expect((await failure(consumeIn(first.row))).code).toBe("token_used");

    const { row } = await issued();
    const rolledBack = db().$transaction(async (tx) => {
      await consume(tx, row);
      throw new Error("the effect failed");
    });
    await expect(rolledBack).rejects.toThrow("the effect failed");
    expect((await stored(row.id)).consumedAt).toBeNull();
    await consumeIn(row);
  });
});

describe("reserveAttempt", () => {
  it("spends the link's budget (TOKEN_MAX_ATTEMPTS) and then kills it; the code counts apart", async () => {
    const { token, row } = await issued();
    for (let i = 0; i < 3; i++) {
      expect(attemptsLeft(await stored(row.id), "link")).toBe(2 - i);
      await reserveAttempt(row, "link");
    }
    expect(await stored(row.id)).toMatchObject({ attempts: 3, codeAttempts: 0 });
    const exhausted = await failure(reserveAttempt(row, "link"));
    expect([exhausted.code, exhausted.message]).toEqual(["token_invalid", linkProblems.exhausted]);
    expect((await failure(findByLink(token, "LOGIN"))).message).toBe(linkProblems.exhausted);
    expect((await stored(row.id)).attempts).toBe(3);

    // The code in the same mail is still good for its own three.
    for (let i = 0; i < 3; i++) await reserveAttempt(row, "code");
    expect((await failure(reserveAttempt(row, "code"))).message).toBe(linkProblems.exhausted);
    expect(await stored(row.id)).toMatchObject({ attempts: 3, codeAttempts: 3 });
  });

  it("kills the code after its budget while the link lives on", async () => {
    const { token, row } = await issued();
    for (let i = 0; i < 3; i++) await reserveAttempt(row, "code");
    expect(whyDead(await stored(row.id), "code")?.message).toBe(linkProblems.exhausted);
    expect(whyDead(await stored(row.id), "link")).toBeNull();
    expect((await findByLink(token, "LOGIN")).id).toBe(row.id);
    await reserveAttempt(row, "link");
  });

  it("refuses a code past its own lifetime (code_expired) while the link still works", async () => {
    const { token, row } = await issued();
    await expireAt(row.id, "codeExpiresAt");
    const expired = await failure(reserveAttempt(row, "code"));
    expect([expired.status, expired.code]).toEqual([410, "code_expired"]);
    expect((await stored(row.id)).codeAttempts).toBe(0);
    expect((await findByLink(token, "LOGIN")).id).toBe(row.id);
    await reserveAttempt(row, "link");
  });
});

describe("codeMatches", () => {
  it("takes the request's own code (spaces around it forgiven) and no other", async () => {
    const mine = await issued();
    const theirs = await issued();
    expect(codeMatches(mine.row, mine.code)).toBe(true);
    expect(codeMatches(mine.row, ` ${mine.code}\n`)).toBe(true);
    const off = otherCode(mine.code);
    expect(codeMatches(mine.row, off)).toBe(false);
    expect(codeMatches(mine.row, theirs.code === mine.code ? off : theirs.code)).toBe(false);
    expect(codeMatches({ ...mine.row, codeHash: null }, mine.code)).toBe(false);
  });
});
