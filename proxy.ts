import { NextResponse, type NextRequest } from "next/server";
import { requestMessages } from "./lib/shared/messages";
import { AppError, toProblem } from "./lib/shared/problems";
import { API_CACHE_CONTROL, COOKIES, TOKEN_PAGES } from "./lib/shared/routes";
import { apiOperations } from "./lib/web/openapi";

const NO_STORE = "no-store, max-age=0";

// Moves an emailed link's token out of the URL into a cookie for that page only.
function exchangeLinkToken(request: NextRequest): NextResponse | null {
  const { pathname, searchParams, protocol } = request.nextUrl;
  const token = searchParams.get("token");
  if (token === null || !TOKEN_PAGES.includes(pathname)) return null;
  const bare = request.nextUrl.clone();
  bare.search = "";
  const response = NextResponse.redirect(bare, 303);
  response.cookies.set(COOKIES.linkToken.name, token.slice(0, 256), {
    httpOnly: true,
    sameSite: "lax",
    secure: protocol === "https:",
    path: pathname,
    maxAge: COOKIES.linkToken.maxAgeSeconds,
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

function page(request: NextRequest): NextResponse {
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const csp = contentSecurityPolicy(nonce);
  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  headers.set("Content-Security-Policy", csp);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("Content-Security-Policy", csp);
  // Pages opened by emailed links act on one-time tokens: never cached.
  if (TOKEN_PAGES.includes(request.nextUrl.pathname))
    response.headers.set("Cache-Control", NO_STORE);
  return response;
}

// Unknown API paths and wrong methods answer with problem details too, from the same
// table of operations the OpenAPI document is built from (and the document itself).
// "/api/v1/me/sessions/{id}" matches "/api/v1/me/sessions/<one path segment>".
const matchers = [...apiOperations, { method: "get", path: "/api/openapi.json" }].map((op) => ({
  method: op.method.toUpperCase(),
  pattern: new RegExp(`^${op.path.replace(/\{\w+\}/g, "[^/]+")}$`),
}));

/** Whether every %-escape in the path decodes to UTF-8 (Next.js fails with a 500 otherwise). */
function decodable(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false;
  }
}

function api(request: NextRequest): NextResponse {
  const { pathname } = request.nextUrl;
  const allowed = decodable(pathname)
    ? matchers.filter((m) => m.pattern.test(pathname)).map((m) => m.method)
    : [];
  // HEAD is GET without the body (a load balancer's health probe, say).
  const method = request.method === "HEAD" ? "GET" : request.method;
  if (allowed.includes(method)) return NextResponse.next();
  const error = allowed.length
    ? new AppError("method_not_allowed", requestMessages.methodNotAllowed(pathname, allowed))
    : new AppError("not_found", requestMessages.notFound(pathname));
  return NextResponse.json(toProblem(error), {
    status: error.status,
    headers: {
      "Content-Type": "application/problem+json",
      "Cache-Control": API_CACHE_CONTROL,
      ...(allowed.length ? { Allow: allowed.join(", ") } : {}),
    },
  });
}

export function proxy(request: NextRequest) {
  const response = request.nextUrl.pathname.startsWith("/api/")
    ? api(request)
    : (exchangeLinkToken(request) ?? page(request));
  if (request.nextUrl.protocol === "https:") {
    response.headers.set("Strict-Transport-Security", "max-age=63072000; includeSubDomains");
  }
  return response;
}

export const config = {
  matcher: [
    {
      source: "/((?!_next/static|_next/image|favicon.ico|icon.svg).*)",
      missing: [{ type: "header", key: "next-action" }],
    },
  ],
};
