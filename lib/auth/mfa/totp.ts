import "server-only";
import { generate, generateSecret, generateURI, verify } from "otplib";
import QRCode from "qrcode";

// RFC 6238 TOTP as authenticator apps expect it: SHA-1, 6 digits, 30-second steps.
// Accepting ±1 step absorbs clock drift; the caller stores the step that was used so the
// same code cannot be replayed (RFC 6238 §5.2).

export const TOTP_ISSUER = "Triplock";
export const TOTP_DIGITS = 6;
export const TOTP_PERIOD_SECONDS = 30;

/** 160 random bits, base32 encoded (RFC 4226 recommends at least 128, 160 is the norm). */
export function newTotpSecret(): string {
  return generateSecret({ length: 20 });
}

export function totpUri(secret: string, accountName: string): string {
  return generateURI({ issuer: TOTP_ISSUER, label: accountName, secret });
}

export function totpQrSvg(uri: string): Promise<string> {
  return QRCode.toString(uri, { type: "svg", margin: 1, errorCorrectionLevel: "M" });
}

/** `JBSWY3DPEHPK3PXP` → `JBSW Y3DP EHPK 3PXP`, easier to type by hand. */
export function groupKey(secret: string): string {
  return secret.match(/.{1,4}/g)?.join(" ") ?? secret;
}

export function currentTotp(secret: string, epochSeconds?: number): Promise<string> {
  return generate({ secret, epoch: epochSeconds });
}

export const totpCodePattern = new RegExp(`^\\d{${TOTP_DIGITS}}$`);

/**
 * Returns the time step the code belongs to, or null when it is wrong, malformed, or not
 * later than `afterTimeStep` (the last step this user already spent).
 */
export async function matchTotp(
  secret: string,
  code: string,
  afterTimeStep?: number | null,
  epochSeconds?: number,
): Promise<number | null> {
  const token = code.replace(/\s/g, "");
  if (!totpCodePattern.test(token)) return null; // otplib throws on malformed input
  const result = await verify({
    secret,
    token,
    epochTolerance: TOTP_PERIOD_SECONDS,
    ...(afterTimeStep != null ? { afterTimeStep } : {}),
    ...(epochSeconds !== undefined ? { epoch: epochSeconds } : {}),
  });
  return result.valid && "timeStep" in result ? result.timeStep : null;
}
