import { NextResponse, type NextRequest } from "next/server";
import {
  LINK_TOKEN_COOKIE,
  LINK_TOKEN_MAX_AGE_SECONDS,
  TOKEN_PAGES,
} from "./lib/link-token-cookie";

const NO_STORE = "no-store, max-age=0";

// Moves an emailed link's token out of the URL into a cookie for that page only.
function exchangeLinkToken(request: NextRequest): NextResponse | null {
  const { pathname, searchParams, protocol } = request.nextUrl;
  const token = searchParams.get("token");
  if (token === null || !TOKEN_PAGES.includes(pathname)) return null;
  const bare = request.nextUrl.clone();
  bare.search = "";
  const response = NextResponse.redirect(bare, 303);
  response.cookies.set(LINK_TOKEN_COOKIE, token.slice(0, 256), {
    httpOnly: true,
    sameSite: "lax",
    secure: protocol === "https:",
    path: pathname,
    maxAge: LINK_TOKEN_MAX_AGE_SECONDS,
  });
  response.headers.set("Referrer-Policy", "no-referrer");
  response.headers.set("Cache-Control", NO_STORE);
  return response;
}

// A fresh nonce per request lets Next.js's own inline scripts run while any injected
// script is refused. Next.js reads the nonce back from the request's CSP header.
function contentSecurityPolicy(nonce: string): string {
  const dev = process.env.NODE_ENV !== "production";
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

export function proxy(request: NextRequest) {
  const exchanged = exchangeLinkToken(request);
  if (exchanged) return exchanged;

  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const csp = contentSecurityPolicy(nonce);
  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  headers.set("Content-Security-Policy", csp);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("Content-Security-Policy", csp);
  if (request.nextUrl.protocol === "https:") {
    response.headers.set("Strict-Transport-Security", "max-age=63072000; includeSubDomains");
  }
  return response;
}

export const config = {
  matcher: [
    {
      source: "/((?!api|_next/static|_next/image|favicon.ico|icon.svg).*)",
      missing: [{ type: "header", key: "next-action" }],
    },
  ],
};
