import "server-only";
import type { LinkIssuers } from "../auth/link-requests";
import { sendLoginLink } from "./login";
import { sendPasswordResetLink } from "./password-reset";

// What the worker mails for each kind of link request (lib/auth/link-requests.ts).
export const linkIssuers: LinkIssuers = {
  LOGIN: sendLoginLink,
  PASSWORD_RESET: sendPasswordResetLink,
};
