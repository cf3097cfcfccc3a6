import type { SecurityEventKind } from "./schemas";

// Everything Triplock tells a person or a program in words, each once. The API puts these in
// its answers and problem details (lib/shared/problems.ts holds their status and title);
// pages show the same text, so a user and a program are told the same thing.

/** `1800` → "30 minutes", `60` → "1 minute", `90` → "90 seconds". */
export function expiresIn(seconds: number): string {
  if (seconds % 60 !== 0) return `${seconds} seconds`;
  const minutes = seconds / 60;
  return `${minutes} minute${minutes === 1 ? "" : "s"}`;
}

/** `2` → "2 attempts left." */
export function attemptsLeft(left: number): string {
  return `${left} attempt${left === 1 ? "" : "s"} left.`;
}

/** Why an emailed link or code can no longer be used (410). */
export const linkProblems = {
  invalid:
    "This link is not valid. It may have been replaced by a newer one; use the latest email or ask for a new one.",
  used: "This link has already been used. Each link works only once; ask for a new one.",
  expired: "This link has expired. Ask for a new one.",
  exhausted: "Too many failed attempts: this link no longer works. Ask for a new one.",
  codeExpired: "This code has expired. Ask for a new one.",
  accountGone: "This account no longer exists.",
  alreadyActive: "This account is already active.",
  alreadyDeleted: "This account has already been deleted.",
};

export const signupMessages = {
  requested: (email: string, linkTtlSeconds: number) =>
    `Check your inbox: if ${email} can be used, a confirmation link is on its way. It expires in ${expiresIn(linkTtlSeconds)}.`,
  resent: (email: string, linkTtlSeconds: number) =>
    `Check your inbox: if ${email} is waiting for activation, a new link is on its way and earlier links no longer work. It expires in ${expiresIn(linkTtlSeconds)}.`,
  wrongPassword: (left: number) =>
    left > 0
      ? `That is not the password you chose at sign-up. ${attemptsLeft(left)}`
      : "That is not the password you chose at sign-up. This link no longer works; ask for a new one.",
  wrongActivation:
    "Wrong email, password or code, or no account is waiting for activation with this address.",
  activated:
    "Your account is active. Add the key to your authenticator app and keep the recovery codes somewhere safe: you will need them to log in.",
  checkExpired: "This page has expired. Your account is active: you can log in.",
  checkWrongCode:
    "That code does not match. Check the time on your phone and enter the newest code.",
  checkWorks: "It works: your authenticator is set up correctly.",
};

export const loginMessages = {
  requested: (email: string, linkTtlSeconds: number) =>
    `Check your inbox: if ${email} has an active account, a login link and code are on their way. They expire in ${expiresIn(linkTtlSeconds)}.`,
  wrongFactors: "That did not work: the password or a code is wrong. Check them and try again.",
  succeeded: (previousLoginAt: Date | null) =>
    previousLoginAt
      ? `You are logged in. Your previous login was at ${previousLoginAt.toISOString()}.`
      : "You are logged in. This is your first login.",
};

export const deletionMessages = {
  requested: (email: string, linkTtlSeconds: number) =>
    `Check your inbox: a link to delete the account of ${email} is on its way. It expires in ${expiresIn(linkTtlSeconds)}.`,
  wrongCredentials: "Wrong email or password.",
  deleted:
    "Your account has been deleted, with everything in it, and every session has been signed out.",
};

export const passwordMessages = {
  common:
    "This password is on the list of the most common passwords; choose one that is harder to guess.",
  resetRequested: (email: string, linkTtlSeconds: number) =>
    `Check your inbox: if ${email} has an active account, a link and code to reset its password are on their way. They expire in ${expiresIn(linkTtlSeconds)}.`,
  wrongResetFactors:
    "That did not work: the authenticator code or recovery code is wrong, or the code from the email is. Check them and try again.",
  reset:
    "Your password has been changed and every session signed out. Log in with the new password.",
  changed: "Your password has been changed, and every other session signed out.",
};

export const accountMessages = {
  wrongPasswordOrCode: "The password or the authenticator code is wrong.",
  recoveryCodesReplaced: "New recovery codes: the old ones no longer work.",
  sessionNotFound: "You have no session with that id.",
};

export const authenticatorMessages = {
  issued:
    "Add the new key to your authenticator app, then enter a code from it to confirm. Until you do, the old key keeps working.",
  nothingToConfirm:
    "There is no new authenticator key waiting to be confirmed, or it has expired. Start again.",
  wrongNewCode:
    "That code is not from the new key. Check that the app shows the new entry, and enter its newest code.",
  replaced: "Your new authenticator is active: codes from the old one no longer work.",
};

/** Refusals by the limits (429, 503). */
export const limitMessages = {
  mail: "Too many emails have been requested. Wait a while before asking again.",
  login:
    "Too many failed attempts. For your security, logging in is paused for a while; try again later.",
  loginCode:
    "Too many failed attempts with emailed codes for this address. Use the link in the email instead, or try again later.",
  reset: "Too many failed attempts to reset this password. Try again later.",
  resetCode:
    "Too many failed attempts with emailed codes for this address. Use the link in the email instead, or try again later.",
  deletion: "Too many failed attempts to delete this account. Try again later.",
  activation: "Too many failed activation attempts. Try again later.",
  reauthentication: "Too many failed attempts. Try again later.",
  hashingBusy: "The service is busy checking passwords. Try again in a moment.",
};

/** What is wrong with a request as such (4xx), and what went wrong on our side (5xx). */
export const requestMessages = {
  invalidFields: "Some fields need attention.",
  bodyNotUtf8: "The request body is not valid UTF-8.",
  bodyNotJson: "The request body is not valid JSON.",
  bodyTooLarge: (kib: number) => `Request bodies are limited to ${kib} KiB.`,
  sendJson: "Send the request body as JSON (Content-Type: application/json).",
  sendBasic: "Send your email and password with HTTP Basic authentication.",
  sendBearer: "Send a valid access token: Authorization: Bearer <accessToken>.",
  notFound: (path: string) => `There is no ${path}; see /docs for the API.`,
  methodNotAllowed: (path: string, allowed: string[]) =>
    `${path} accepts ${allowed.join(", ")} only.`,
  unavailable: "The service is temporarily unavailable. Try again shortly.",
  unexpected: "An unexpected error occurred. Try again later.",
};

/** Each security event as the account's activity list names it (lib/auth/security-events.ts). */
export const securityEventSummaries: Record<SecurityEventKind, string> = {
  SIGNUP_REQUESTED: "Sign-up requested",
  SIGNUP_ACTIVATED: "Account activated",
  LOGIN_LINK_REQUESTED: "Login link requested",
  LOGIN_SUCCEEDED: "Logged in",
  LOGIN_FAILED: "Login failed",
  ACCOUNT_LOCKED: "Refused: too many failed attempts",
  LINK_EXPIRED: "Expired link or code used",
  LINK_REUSED: "Used link or code tried again",
  LINK_EXHAUSTED: "Link or code refused: too many failed attempts",
  TOTP_REPLAY_REFUSED: "Authenticator code used twice: refused",
  RECOVERY_CODE_USED: "Recovery code used",
  PASSWORD_CHANGED: "Password changed",
  PASSWORD_RESET: "Password reset",
  AUTHENTICATOR_REPLACED: "Authenticator replaced",
  RECOVERY_CODES_REGENERATED: "New recovery codes",
  SESSION_REVOKED: "Session signed out",
  ACCOUNT_DELETED: "Account deleted",
  RATE_LIMITED: "Refused: too many requests",
};
