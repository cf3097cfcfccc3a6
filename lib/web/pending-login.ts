import "server-only";
import { COOKIES } from "../shared/routes";
import { pendingEmailCookie } from "./pending-email";

// The address a login link was just asked for, so /login offers the emailed code after a
// reload or a post without JavaScript.

const pending = pendingEmailCookie(COOKIES.pendingLogin);

export const rememberPendingLogin = pending.remember;
export const forgetPendingLogin = pending.forget;
export const pendingLoginEmail = pending.email;
