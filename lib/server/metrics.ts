import "server-only";
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import { config } from "./config";

// Prometheus metrics, one registry per process (kept on globalThis across dev reloads).
// With METRICS=off nothing is created and every count is skipped: `metrics()` is null.
// Gauges read their value when scraped (`gauge`), so nothing is counted on the request path.

function create() {
  const registry = new Registry();
  // Process metrics, the event-loop lag among them (nodejs_eventloop_lag_seconds).
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    httpRequests: new Counter({
      name: "triplock_http_requests_total",
      help: "HTTP requests answered, by route, method and status.",
      labelNames: ["route", "method", "status"] as const,
      registers,
    }),
    httpSeconds: new Histogram({
      name: "triplock_http_request_duration_seconds",
      help: "Time to answer an HTTP request, by route, method and status.",
      labelNames: ["route", "method", "status"] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    logins: new Counter({
      name: "triplock_logins_total",
      help: "Completed login attempts, by outcome (success, failure, locked).",
      labelNames: ["outcome"] as const,
      registers,
    }),
    securityEvents: new Counter({
      name: "triplock_security_events_total",
      help: "Security events recorded, by type.",
      labelNames: ["type"] as const,
      registers,
    }),
    rateLimitHits: new Counter({
      name: "triplock_rate_limit_hits_total",
      help: "Requests refused by a rate limit or an account lock, by limit.",
      labelNames: ["limit"] as const,
      registers,
    }),
    hashSeconds: new Histogram({
      name: "triplock_password_hash_duration_seconds",
      help: "Time a worker thread spent on one bcrypt hash or comparison.",
      labelNames: ["operation"] as const,
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2],
      registers,
    }),
    outboxFailures: new Counter({
      name: "triplock_outbox_send_failures_total",
      help: "Attempts to send a queued email that failed (it is retried until it expires).",
      registers,
    }),
  };
}

export type Metrics = ReturnType<typeof create>;

const globalMetrics = globalThis as unknown as { triplockMetrics?: Metrics | null };

export function metrics(): Metrics | null {
  if (globalMetrics.triplockMetrics === undefined)
    globalMetrics.triplockMetrics = config().metrics.enabled ? create() : null;
  return globalMetrics.triplockMetrics;
}

/**
 * A gauge whose values are read when Prometheus scrapes: `read` returns one value, or one
 * per label value. Registered once per name (start-up may run again after a dev reload).
 */
export function gauge(
  name: string,
  help: string,
  read: () => Promise<number | Record<string, number>> | number | Record<string, number>,
  labelName = "kind",
): void {
  const m = metrics();
  if (!m || m.registry.getSingleMetric(name)) return;
  new Gauge({
    name,
    help,
    labelNames: [labelName],
    registers: [m.registry],
    async collect() {
      const value = await read();
      if (typeof value === "number") this.set(value);
      else for (const [label, v] of Object.entries(value)) this.set({ [labelName]: label }, v);
    },
  });
}
