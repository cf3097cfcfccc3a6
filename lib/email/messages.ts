import { renderEmail, type Email } from "./layout";

// Every email Triplock sends. Links and codes appear only here and in the encrypted queue.

const minutes = (seconds: number) =>
  seconds % 60 === 0 ? `${seconds / 60} minute${seconds === 60 ? "" : "s"}` : `${seconds} seconds`;

export interface LinkAndCode {
  url: string;
  code: string;
  linkTtlSeconds: number;
  codeTtlSeconds: number;
}

export function signupLinkEmail(m: LinkAndCode): Email {
  return renderEmail("Confirm your Triplock account", "Confirm your email address", [
    {
      kind: "paragraph",
      text: "Someone — hopefully you — started creating a Triplock account with this address. Open the link below and enter your password again to activate it.",
    },
    { kind: "button", label: "Confirm my account", url: m.url },
    { kind: "note", text: `The link works once and expires in ${minutes(m.linkTtlSeconds)}.` },
    { kind: "code", label: "Activating through the API? Your activation code", code: m.code },
    {
      kind: "note",
      text: `The code expires in ${minutes(m.codeTtlSeconds)}. If you did not ask for this, ignore this email: no account is created without it.`,
    },
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
    { kind: "button", label: "Continue logging in", url: m.url },
    { kind: "note", text: `The link works once and expires in ${minutes(m.linkTtlSeconds)}.` },
    {
      kind: "code",
      label: "Reading this on another device? Type it where you started. Your login code",
      code: m.code,
    },
    {
      kind: "note",
      text: `The code expires in ${minutes(m.codeTtlSeconds)}. If you did not try to log in, ignore this email: without your password and authenticator nobody can.`,
    },
  ]);
}

export interface SignInFacts {
  at: Date;
  ip: string;
  device: string;
  appUrl: string;
}

export function newSignInEmail(f: SignInFacts): Email {
  return renderEmail("New sign-in to your Triplock account", "New sign-in to your account", [
    { kind: "paragraph", text: "Your account was just signed in to." },
    {
      kind: "facts",
      rows: [
        ["When", f.at.toUTCString()],
        ["Device", f.device],
        ["IP address", f.ip],
      ],
    },
    {
      kind: "paragraph",
      text: "If this was you, there is nothing to do. If it was not, sign out every session from your account page and regenerate your recovery codes.",
    },
    { kind: "button", label: "Review your sessions", url: `${f.appUrl}/me` },
  ]);
}
