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
