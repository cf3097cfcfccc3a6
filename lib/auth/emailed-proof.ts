import "server-only";
import type { OneTimeToken, User } from "../generated/prisma/client";
import { db } from "../server/db";
import { AppError } from "../shared/problems";
import { type Budget, reservePasswordCheck, returnPasswordCheck } from "./rate-limit";
import {
  codeMatches,
  findByLinkWithUser,
  findLatestRequest,
  reserveAttempt,
  whyDead,
} from "./tokens";

// A request proven by the email that answered it: the link's token, or the code from the
// same email typed with the address (when the mail is read on another device). Login and
// the password reset are completed this way.

export type EmailedProof = { token: string } | { email: string; code: string };

export type ProvenPurpose = "LOGIN" | "PASSWORD_RESET";

/** The link's token when one is given, else the emailed code with its address. */
export function proofOf(input: { token?: string; email?: string; code?: string }): EmailedProof {
  if (input.token) return { token: input.token };
  return { email: input.email ?? "", code: input.code ?? "" };
}

/**
 * Failures with a typed code are counted apart from failures with the link: strangers can
 * guess codes for any address, and must not lock its owner out of the link in their inbox.
 */
const BUDGETS: Record<ProvenPurpose, { link: Budget; code: Budget }> = {
  LOGIN: { link: "login", code: "login-code" },
  PASSWORD_RESET: { link: "reset", code: "reset-code" },
};

export const budgetFor = (proof: EmailedProof, purpose: ProvenPurpose): Budget =>
  "token" in proof ? BUDGETS[purpose].link : BUDGETS[purpose].code;

export interface ProvenRequest {
  row: OneTimeToken;
  user: User;
  /** False when a code was typed and it does not match. */
  proofOk: boolean;
}

async function find(proof: EmailedProof, purpose: ProvenPurpose): Promise<ProvenRequest | null> {
  if ("token" in proof) {
    const { row, user } = await findByLinkWithUser(proof.token, purpose);
    return { row, user, proofOk: true };
  }
  const user = await db().user.findUnique({ where: { email: proof.email } });
  if (!user || user.status !== "ACTIVE") return null;
  const row = await findLatestRequest(user.id, purpose);
  // With a typed address, "no live code" must look like "no such account" (SPEC 4).
  if (!row || whyDead(row, "code")) return null;
  return { row, user, proofOk: codeMatches(row, proof.code) };
}

/**
 * Finds the request and reserves this attempt, before anything is checked: on the address's
 * failure budget (429 when it is locked), then on the link's or the code's own budget. A
 * dead link answers 410. Null when nothing can be checked — no such account, or no live
 * code for it — after the same counting, so the caller answers as for a wrong factor and
 * neither case reveals whether the address has an account.
 */
export async function claimAttempt(
  proof: EmailedProof,
  purpose: ProvenPurpose,
  ip: string,
): Promise<ProvenRequest | null> {
  const budget = budgetFor(proof, purpose);
  const proven = await find(proof, purpose);
  // Only a typed address gets no request back (a dead link has answered 410).
  const email = proven?.user.email ?? ("email" in proof ? proof.email : "");
  await reservePasswordCheck(budget, email, ip);
  if (!proven) return null;
  try {
    await reserveAttempt(proven.row, "token" in proof ? "link" : "code");
    return proven;
  } catch (error) {
    // A dead code, typed with an address, is answered like no account at all.
    if ("token" in proof || !(error instanceof AppError)) {
      await returnPasswordCheck(budget, email, ip);
      throw error;
    }
    return null;
  }
}
