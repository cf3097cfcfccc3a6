import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import { performance } from "node:perf_hooks";
import { log } from "../server/log";
import { metrics } from "../server/metrics";
import type { RequestScope } from "../server/request-scope";
import { LINK_PAGES, PAGES } from "../shared/routes";
import { apiOperations } from "./openapi";

// One log line and one count per request answered, written when the response is finished
// (lib/server/request-guard.mjs calls `requestFinished`). The route is a template, never the
// path as sent ("/api/v1/me/sessions/{id}"), so neither the log nor the metrics' labels
// carry ids or tokens, and unknown paths share one label.

const apiRoutes = [...apiOperations.map((op) => op.path), "/api/openapi.json"].map((path) => ({
  path,
  pattern: new RegExp(`^${path.replace(/\{\w+\}/g, "[^/]+")}$`),
}));

const pages = new Set<string>([
  "/",
  "/signup",
  "/logout",
  "/account/delete",
  "/docs",
  "/docs/scalar.js",
  "/dev/mailbox",
  "/metrics",
  ...Object.values(PAGES),
  ...Object.values(LINK_PAGES),
]);

export function routeOf(url: string | undefined): string {
  const path = (url ?? "/").split("?")[0]!;
  if (path.startsWith("/api/"))
    return apiRoutes.find((r) => r.pattern.test(path))?.path ?? "/api/*";
  if (path.startsWith("/_next/")) return "/_next/*";
  return pages.has(path) ? path : "(other)";
}

function outcomeOf(status: number): string {
  if (status < 400) return "ok";
  return status < 500 ? "refused" : "failed";
}

export function requestFinished(
  scope: RequestScope,
  request: IncomingMessage,
  response: ServerResponse,
): void {
  const seconds = (performance.now() - scope.start) / 1000;
  const route = routeOf(request.url);
  const method = request.method ?? "GET";
  const status = response.statusCode;
  const m = metrics();
  m?.httpRequests.inc({ route, method, status });
  m?.httpSeconds.observe({ route, method, status }, seconds);
  // Static files would drown the rest; they are counted, not logged.
  if (route === "/_next/*") return;
  const line = {
    reqId: scope.id,
    method,
    route,
    status,
    ms: Math.round(seconds * 10_000) / 10,
    outcome: scope.outcome ?? outcomeOf(status),
  };
  if (status >= 500) log().error(line, "request");
  else log().info(line, "request");
}

const FINISHED = Symbol.for("triplock.requestFinished");

/** Makes lib/server/request-guard.mjs report each finished request here. */
export function installRequestLog(): void {
  (globalThis as { [FINISHED]?: typeof requestFinished })[FINISHED] = requestFinished;
}
