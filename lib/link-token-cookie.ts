// Emailed links carry their token in the URL. proxy.ts moves it into an HttpOnly cookie
// scoped to the page and redirects to the bare URL, so the token leaves the address bar
// and history at once, the URL that carries it is only ever a no-referrer, no-store
// redirect, and the page's forms can post with a real Origin header (a no-referrer page
// posts `Origin: null`, which Next.js's CSRF check rightly refuses).

export const LINK_TOKEN_COOKIE = "triplock_link";
export const LINK_TOKEN_MAX_AGE_SECONDS = 30 * 60;

/** The pages emailed links open. */
export const TOKEN_PAGES = ["/signup/confirm", "/login/verify", "/account/delete/confirm"];
