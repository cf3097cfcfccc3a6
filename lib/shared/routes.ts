import type { TokenPurpose } from "../generated/prisma/client";

// Where things live, each written once: the pages emailed links open, the cookies the web
// edge sets, their paths and lifetimes. Tokens, proxy.ts, the pages and the tests use these.

/** The page each purpose's emailed link opens; the link carries `?token=`. */
export const LINK_PAGES = {
  SIGNUP: "/signup/confirm",
  LOGIN: "/login/verify",
  DELETE_ACCOUNT: "/account/delete/confirm",
  PASSWORD_RESET: "/password/reset",
} as const satisfies Record<TokenPurpose, string>;

export const TOKEN_PAGES: readonly string[] = Object.values(LINK_PAGES);

/**
 * Every API answer's Cache-Control: never stored, and never compressed (its answers carry
 * tokens, keys and codes beside text the client chose: BREACH). next.config.mjs gives it to
 * the answers Next.js routes (it cannot import this file, so it writes the value again);
 * proxy.ts and lib/web/admission.ts to the answers they give themselves.
 */
export const API_CACHE_CONTROL = "no-store, no-transform, max-age=0";

export const PAGES = {
  login: "/login",
  loginSuccess: "/login/success",
  me: "/me",
  passwordForgot: "/password/forgot",
  passwordResetDone: "/password/reset/done",
  signupComplete: "/signup/complete",
  deletionDone: "/account/delete/done",
} as const;

export const COOKIES = {
  /**
   * An emailed link's token. proxy.ts moves it out of the URL into this HttpOnly cookie,
   * scoped to the page the link opens, and redirects to the bare URL: the token leaves the
   * address bar and history at once, the URL that carries it is only ever a no-referrer,
   * no-store redirect, and the page's forms post with a real Origin header (a no-referrer
   * page posts `Origin: null`, which Next.js's CSRF check rightly refuses).
   */
  linkToken: { name: "triplock_link", maxAgeSeconds: 30 * 60 },
  /** The address a login link was just asked for, so /login can offer the emailed code. */
  pendingLogin: { name: "triplock_login_email", path: PAGES.login, maxAgeSeconds: 30 * 60 },
  /** The address a password-reset link was just asked for, so that page offers the code. */
  pendingReset: {
    name: "triplock_reset_email",
    path: PAGES.passwordForgot,
    maxAgeSeconds: 30 * 60,
  },
  /** A fresh activation's key and codes, for the page that shows them once. */
  enrolment: { name: "triplock_enrolment", path: PAGES.signupComplete, maxAgeSeconds: 10 * 60 },
} as const;
