import "server-only";
import { readFileSync } from "node:fs";
import path from "node:path";
import { passwordMessages } from "../../shared/messages";
import { AppError } from "../../shared/problems";

// The 10 000 most common passwords, shipped with the app (no network call), refused for new
// passwords whatever their case (NIST SP 800-63B: check against known-compromised values).

let common: Set<string> | undefined;

/** True when the password is on the shipped list of common passwords. */
export function isCommonPassword(password: string): boolean {
  common ??= new Set(
    readFileSync(
      path.join(process.cwd(), "lib", "auth", "passwords", "common-passwords.txt"),
      "utf8",
    )
      .split("\n")
      .filter((line) => line && !line.startsWith("#")),
  );
  return common.has(password.toLowerCase());
}

/** Refuses a common password for a new password, naming the form field it came from. */
export function assertNotCommon(password: string, field = "password"): void {
  if (!isCommonPassword(password)) return;
  const detail = passwordMessages.common;
  throw new AppError("weak_password", detail, { fieldErrors: { [field]: [detail] } });
}
