import "server-only";
import { timingSafeEqual } from "node:crypto";
import http from "node:http";
import { hashBacklog } from "../auth/passwords/hashing";
import { outboxBacklog } from "../email/outbox";
import { config } from "../server/config";
import { poolUse } from "../server/db";
import { log } from "../server/log";
import { gauge, metrics } from "../server/metrics";
import { sendNodeResponse } from "./http";

// What Prometheus scrapes: the counters the app keeps (lib/server/metrics.ts) and gauges read
// at scrape time. Served at /metrics to a bearer of METRICS_TOKEN, and, with METRICS_PORT, on
// a port of its own without a token (for a network only the scraper reaches).

/** The gauges read when scraped; called once at start-up. */
export function registerGauges(): void {
  gauge("triplock_hash_queue_depth", "Password hashes waiting for a worker thread.", () => {
    return hashBacklog().queued;
  });
  gauge("triplock_hash_pool_threads", "Worker threads for password hashing.", () => {
    return hashBacklog().threads;
  });
  gauge("triplock_outbox_queued", "Emails queued and not yet sent.", async () => {
    return (await outboxBacklog()).queued;
  });
  gauge(
    "triplock_outbox_oldest_age_seconds",
    "How long the oldest queued email has waited (0 when none waits).",
    async () => (await outboxBacklog()).oldestSeconds,
  );
  gauge(
    "triplock_db_pool_connections",
    "Database connections of this instance: total open, idle, and requests waiting for one.",
    () => poolUse(),
    "state",
  );
}

function bearerIs(request: Request, token: string): boolean {
  const sent = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get("authorization") ?? "")?.[1];
  if (!sent) return false;
  const [a, b] = [Buffer.from(sent), Buffer.from(token)];
  return a.length === b.length && timingSafeEqual(a, b);
}

async function exposition(): Promise<Response> {
  const registry = metrics()!.registry;
  return new Response(await registry.metrics(), {
    headers: { "Content-Type": registry.contentType, "Cache-Control": "no-store" },
  });
}

/**
 * GET /metrics on the app's own port: 404 unless metrics are on and METRICS_TOKEN is set (an
 * unprotected endpoint would tell anyone the traffic and failure rates), 401 without it.
 */
export async function metricsResponse(request: Request): Promise<Response> {
  const { enabled, token } = config().metrics;
  if (!enabled || !token) return new Response("Not found\n", { status: 404 });
  if (!bearerIs(request, token)) {
    return new Response("Send Authorization: Bearer <METRICS_TOKEN>\n", {
      status: 401,
      headers: { "WWW-Authenticate": 'Bearer realm="triplock-metrics"' },
    });
  }
  return exposition();
}

const globalServer = globalThis as unknown as { triplockMetricsServer?: http.Server };

/** With METRICS_PORT, serves the metrics there (any path), without a token. */
export function serveMetricsPort(): void {
  const { enabled, port } = config().metrics;
  if (!enabled || !port || globalServer.triplockMetricsServer) return;
  globalServer.triplockMetricsServer = http
    .createServer(async (_request, response) => sendNodeResponse(response, await exposition()))
    .listen(port, () => log().info({ port }, "metrics served"));
}
