import "server-only";
import { expiresIn } from "../shared/messages";
import { renderEmail, type Block, type Email } from "./layout";

// Every email Triplock sends. Links and codes appear only here and in the encrypted queue.

export interface LinkAndCode {
  url: string;
  code: string;
  linkTtlSeconds: number;
  codeTtlSeconds: number;
}

/** The link, the code that stands in for it elsewhere, and when each expires. */
function linkAndCode(
  m: LinkAndCode,
  words: { button: string; codeLabel: string; ifNotYou: string },
): Block[] {
  return [
    { kind: "button", label: words.button, url: m.url },
    { kind: "note", text: `The link works once and expires in ${expiresIn(m.linkTtlSeconds)}.` },
    { kind: "code", label: words.codeLabel, code: m.code },
    { kind: "note", text: `The code expires in ${expiresIn(m.codeTtlSeconds)}. ${words.ifNotYou}` },
  ];
}

export function signupLinkEmail(m: LinkAndCode): Email {
  return renderEmail("Confirm your Triplock account", "Confirm your email address", [
    {
      kind: "paragraph",
      text: "Someone — hopefully you — started creating a Triplock account with this address. Open the link below and enter your password again to activate it.",
    },
    ...linkAndCode(m, {
      button: "Confirm my account",
      codeLabel: "Activating through the API? Your activation code",
      ifNotYou: "If you did not ask for this, ignore this email: no account is created without it.",
    }),
  ]);
}

export function signupExistingAccountEmail(appUrl: string): Email {
  return renderEmail(
    "Sign-up attempt on your Triplock account",
    "Someone tried to sign up with your address",
    [
      {
        kind: "paragraph",
        text: "A new sign-up was requested with this email address, but you already have an active Triplock account, so nothing was changed.",
      },
      { kind: "paragraph", text: "If this was you, you can simply log in." },
      { kind: "button", label: "Log in", url: `${appUrl}/login` },
      {
        kind: "note",
        text: "If it was not you, you can ignore this email. Your account and password are unaffected.",
      },
    ],
  );
}

export function loginLinkEmail(m: LinkAndCode): Email {
  return renderEmail("Your Triplock login link", "Log in to Triplock", [
    {
      kind: "paragraph",
      text: "Open the link below, then enter your password and a code from your authenticator app.",
    },
    ...linkAndCode(m, {
      button: "Continue logging in",
      codeLabel: "Reading this on another device? Type it where you started. Your login code",
      ifNotYou:
        "If you did not try to log in, ignore this email: without your password and authenticator nobody can.",
    }),
  ]);
}

/** Where and when a change was made, as every notice states it. */
export interface NoticeFacts {
  at: Date;
  ip: string;
  device: string;
  appUrl: string;
}

export type Notice =
  | "signed-in"
  | "password-reset"
  | "password-changed"
  | "authenticator-replaced"
  | "recovery-codes-replaced";

// What each notice says changed, and what to do if it was not the account's owner.
const NOTICES: Record<
  Notice,
  { subject: string; heading: string; what: string; ifNotYou: string }
> = {
  "signed-in": {
    subject: "New sign-in to your Triplock account",
    heading: "New sign-in to your account",
    what: "Your account was just signed in to.",
    ifNotYou:
      "If it was not you, someone has your password, your authenticator and your email: sign out every other session from your account page, change your password and replace your authenticator.",
  },
  "password-reset": {
    subject: "Your Triplock password was reset",
    heading: "Your password was reset",
    what: "The password of your account was reset with a link sent to this address, and every session was signed out.",
    ifNotYou:
      "If it was not you, someone can read your email and has your authenticator or a recovery code: reset your password again at once, then replace your authenticator and generate new recovery codes.",
  },
  "password-changed": {
    subject: "Your Triplock password was changed",
    heading: "Your password was changed",
    what: "The password of your account was changed, and every other session was signed out.",
    ifNotYou:
      "If it was not you, reset your password at once with “Forgot your password?” on the login page, then replace your authenticator and generate new recovery codes.",
  },
  "authenticator-replaced": {
    subject: "Your Triplock authenticator was replaced",
    heading: "Your authenticator was replaced",
    what: "A new authenticator key now protects your account; codes from the old one no longer work.",
    ifNotYou:
      "If it was not you, reset your password at once with “Forgot your password?” on the login page (a recovery code stands in for the authenticator), then replace the authenticator again.",
  },
  "recovery-codes-replaced": {
    subject: "New recovery codes for your Triplock account",
    heading: "New recovery codes were generated",
    what: "A new set of ten recovery codes was generated for your account; the old codes no longer work.",
    ifNotYou:
      "If it was not you, change your password and sign out every other session from your account page.",
  },
};

/** A change to the account or a sign-in: what, when, from which device and address. */
export function noticeEmail(notice: Notice, f: NoticeFacts): Email {
  const n = NOTICES[notice];
  return renderEmail(n.subject, n.heading, [
    { kind: "paragraph", text: n.what },
    {
      kind: "facts",
      rows: [
        ["When", f.at.toUTCString()],
        ["Device", f.device],
        ["IP address", f.ip],
      ],
    },
    { kind: "paragraph", text: `If this was you, there is nothing to do. ${n.ifNotYou}` },
    { kind: "button", label: "Review your account", url: `${f.appUrl}/me` },
  ]);
}

export function passwordResetLinkEmail(m: LinkAndCode): Email {
  return renderEmail("Reset your Triplock password", "Reset your password", [
    {
      kind: "paragraph",
      text: "Someone — hopefully you — asked to reset the password of your Triplock account. Open the link below, then enter a code from your authenticator app (or a recovery code) and a new password.",
    },
    ...linkAndCode(m, {
      button: "Choose a new password",
      codeLabel: "Reading this on another device? Type it where you started. Your reset code",
      ifNotYou:
        "If you did not ask for this, ignore this email: without your authenticator nobody can use it.",
    }),
  ]);
}

export function deletionLinkEmail(m: { url: string; linkTtlSeconds: number }): Email {
  return renderEmail("Confirm deleting your Triplock account", "Delete your account?", [
    {
      kind: "paragraph",
      text: "Someone who knows your password asked to delete your Triplock account. Opening the link below deletes the account and everything in it, at once and for good.",
    },
    { kind: "button", label: "Delete my account", url: m.url },
    {
      kind: "note",
      text: `The link works once and expires in ${expiresIn(m.linkTtlSeconds)}. If you did not ask for this, do not open it, and change your password: someone knows it.`,
    },
  ]);
}

export function accountDeletedEmail(appUrl: string): Email {
  return renderEmail("Your Triplock account has been deleted", "Your account has been deleted", [
    {
      kind: "paragraph",
      text: "Your Triplock account and everything in it — password, authenticator key, recovery codes, sessions and login history — have been deleted. Every session has been signed out.",
    },
    { kind: "paragraph", text: "You can create a new account with this address at any time." },
    { kind: "button", label: "Create an account", url: `${appUrl}/signup` },
  ]);
}
