import "server-only";
import { COOKIES } from "../shared/routes";
import { pendingEmailCookie } from "./pending-email";

// The address a password-reset link was just asked for, so /password/forgot offers the
// emailed code after a reload or a post without JavaScript.

const pending = pendingEmailCookie(COOKIES.pendingReset);

export const rememberPendingReset = pending.remember;
export const forgetPendingReset = pending.forget;
export const pendingResetEmail = pending.email;
