import "server-only";
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  hkdfSync,
  randomBytes,
  randomInt,
} from "node:crypto";

// Primitives shared by tokens, codes, TOTP secrets and the email queue. Keys are derived
// from the one configured secret with HKDF, one key per use, so no second secret is needed.

export function deriveKey(secret: string, purpose: string): Buffer {
  return Buffer.from(hkdfSync("sha256", secret, "triplock", purpose, 32));
}

/** A URL-safe random token; 32 bytes = 256 bits from the CSPRNG. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString("base64url");
}

/** Uniformly distributed decimal digits (randomInt avoids modulo bias). */
export function randomDigits(length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) out += randomInt(10).toString();
  return out;
}

/** For high-entropy values (link tokens, session tokens): a plain SHA-256 suffices. */
export function sha256(value: string): string {
  return createHash("sha256").update(value).digest("base64url");
}

/**
 * For low-entropy values (numeric codes, recovery codes): a keyed hash, so a stolen
 * database alone does not let anyone enumerate the few possible inputs.
 */
export function keyedHash(key: Buffer, value: string): string {
  return createHmac("sha256", key).update(value).digest("base64url");
}

const VERSION = "v1";

/** AES-256-GCM; the output carries version, IV and tag: `v1.iv.tag.ciphertext`. */
export function encrypt(key: Buffer, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, iv, tag, ciphertext]
    .map((p) => (typeof p === "string" ? p : p.toString("base64url")))
    .join(".");
}

export function decrypt(key: Buffer, sealed: string): string {
  const [version, iv, tag, ciphertext] = sealed.split(".");
  if (version !== VERSION || !iv || !tag || ciphertext === undefined) {
    throw new Error("Unrecognised ciphertext format");
  }
  const ivBytes = Buffer.from(iv, "base64url");
  const tagBytes = Buffer.from(tag, "base64url");
  // Node accepts GCM tags as short as 4 bytes unless told otherwise; a short tag would make
  // forgery cheap, so only full-length tags are accepted.
  if (ivBytes.length !== 12 || tagBytes.length !== 16)
    throw new Error("Unrecognised ciphertext format");
  const decipher = createDecipheriv("aes-256-gcm", key, ivBytes, { authTagLength: 16 });
  decipher.setAuthTag(tagBytes);
  return Buffer.concat([
    decipher.update(Buffer.from(ciphertext, "base64url")),
    decipher.final(),
  ]).toString("utf8");
}
