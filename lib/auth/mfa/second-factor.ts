import "server-only";
import type { Prisma } from "../../generated/prisma/client";
import type { SecurityEvent } from "../security-events";
import type { LockedUser } from "../user-lock";
import { isReplayedTotp, spendTotp } from "./authenticator";
import { spendRecoveryCode } from "./recovery-codes";

/** A TOTP code, or one recovery code in its place. */
export interface SecondFactor {
  totp?: string;
  recoveryCode?: string;
}

/**
 * Spends the user's second factor, once: a recovery code when one is given, else the TOTP
 * code's time step. Run it in the transaction whose effect the factor authorises, with the
 * user it locked, so a request that fails or loses a race afterwards spends nothing.
 */
export function spendSecondFactor(
  tx: Prisma.TransactionClient,
  user: LockedUser,
  factor: SecondFactor,
): Promise<boolean> {
  return factor.recoveryCode !== undefined
    ? spendRecoveryCode(user.id, factor.recoveryCode, tx)
    : spendTotp(tx, user, factor.totp ?? "");
}

/** Which second factor was given, as the security trail names it. */
export const factorName = (factor: SecondFactor) =>
  factor.recoveryCode !== undefined ? "recovery code" : "totp";

/** What spending the factor records: the use of a recovery code. */
export const spentFactorEvents = (userId: string, factor: SecondFactor): SecurityEvent[] =>
  factor.recoveryCode !== undefined ? [{ type: "RECOVERY_CODE_USED", userId }] : [];

/** What a refused factor records beyond the flow's own failure: a TOTP code replayed. */
export async function refusedFactorEvents(
  user: LockedUser,
  factor: SecondFactor,
): Promise<SecurityEvent[]> {
  if (factor.recoveryCode !== undefined) return [];
  return (await isReplayedTotp(user, factor.totp ?? ""))
    ? [{ type: "TOTP_REPLAY_REFUSED", userId: user.id }]
    : [];
}
