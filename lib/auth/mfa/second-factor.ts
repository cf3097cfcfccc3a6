import "server-only";
import type { Prisma } from "../../generated/prisma/client";
import type { LockedUser } from "../user-lock";
import { spendTotp } from "./authenticator";
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
