import "server-only";
import { randomInt } from "node:crypto";
import { secretKeys } from "../../crypto/keys";
import { keyedHash } from "../../crypto/primitives";
import type { Prisma } from "../../generated/prisma/client";
import { db } from "../../server/db";

// Ten single-use codes for when the authenticator is lost. 10 characters from a 31-letter
// alphabet give 49 bits each; they are stored only as keyed hashes (a dump alone cannot
// enumerate them) and each is spent by a conditional UPDATE.

export const RECOVERY_CODE_COUNT = 10;
const ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"; // no 0/o, 1/l/i: read aloud, typed by hand

function randomChars(n: number): string {
  let out = "";
  for (let i = 0; i < n; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}

export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => `${randomChars(5)}-${randomChars(5)}`);
}

/** Case, spaces and hyphens do not matter when a code is typed back. */
export function normalizeRecoveryCode(code: string): string {
  return code.toLowerCase().replace(/[\s-]/g, "");
}

const hashRecoveryCode = (code: string) =>
  keyedHash(secretKeys().codes, `recovery:${normalizeRecoveryCode(code)}`);

/** Replaces the user's recovery codes; returns the new ones in clear, to be shown once. */
export async function replaceRecoveryCodes(
  tx: Prisma.TransactionClient,
  userId: string,
): Promise<string[]> {
  const codes = newRecoveryCodes();
  await tx.recoveryCode.deleteMany({ where: { userId } });
  await tx.recoveryCode.createMany({
    data: codes.map((code) => ({ userId, codeHash: hashRecoveryCode(code) })),
  });
  return codes;
}

/** Marks one unused recovery code used; false when it is wrong or already spent. */
export async function spendRecoveryCode(
  userId: string,
  code: string,
  tx: Prisma.TransactionClient = db(),
): Promise<boolean> {
  const { count } = await tx.recoveryCode.updateMany({
    where: { userId, codeHash: hashRecoveryCode(code), usedAt: null },
    data: { usedAt: new Date() },
  });
  return count === 1;
}
