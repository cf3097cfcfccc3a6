import { randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

// A local stand-in for the Resend HTTP API (POST /emails), so tests can see exactly what
// the app sends and make the provider fail or hang on demand. Like Resend, it honours the
// Idempotency-Key header: a repeated key is answered with the first id and not re-sent.

export interface ResendPayload {
  from: string;
  to: string | string[];
  subject: string;
  text?: string;
  html?: string;
  [key: string]: unknown;
}

export type Outcome =
  "accepted" | "accepted-then-hung" | "duplicate" | "failed" | "hung" | "unauthorized" | "invalid";

export interface Attempt {
  at: number;
  idempotencyKey: string | undefined;
  authorization: string | undefined;
  outcome: Outcome;
  payload: ResendPayload | undefined;
}

export interface Delivery {
  id: string;
  at: number;
  idempotencyKey: string | undefined;
  payload: ResendPayload;
}

export interface FakeResend {
  url: string;
  apiKey: string;
  /** Every POST /emails received, in order, whatever was answered. */
  attempts: Attempt[];
  /** Messages accepted for sending: one per idempotency key. */
  deliveries: Delivery[];
  /** The next `n` requests are answered 500. */
  failNext(n: number): void;
  /** The next `n` requests are never answered (until the fake is closed). */
  hangNext(n: number): void;
  /** The next `n` messages are accepted for sending, but the answer never comes. */
  acceptThenHangNext(n: number): void;
  /** Waits for `count` deliveries to `to` whose subject matches; newest first. */
  waitForDelivery(
    to: string,
    subject: RegExp,
    options?: { count?: number; timeoutMs?: number },
  ): Promise<Delivery>;
  deliveriesTo(to: string): Delivery[];
  close(): Promise<void>;
}

const recipients = (payload: ResendPayload) =>
  (Array.isArray(payload.to) ? payload.to : [payload.to]).map((t) => t.toLowerCase());

export async function startFakeResend(apiKey = "re_test_x"): Promise<FakeResend> {
  const attempts: Attempt[] = [];
  const deliveries: Delivery[] = [];
  const byKey = new Map<string, Delivery>();
  const hanging = new Set<http.ServerResponse>();
  let failures = 0;
  let hangs = 0;
  let lostAnswers = 0;

  const send = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const header = (name: string) => {
        const v = req.headers[name];
        return Array.isArray(v) ? v.join(",") : v;
      };
      if (req.method !== "POST" || req.url !== "/emails") {
        return send(res, 404, { statusCode: 404, name: "not_found", message: "Not found" });
      }
      let payload: ResendPayload | undefined;
      try {
        payload = JSON.parse(Buffer.concat(chunks).toString("utf8")) as ResendPayload;
      } catch {
        payload = undefined;
      }
      const attempt: Attempt = {
        at: Date.now(),
        idempotencyKey: header("idempotency-key"),
        authorization: header("authorization"),
        outcome: "accepted",
        payload,
      };
      attempts.push(attempt);

      if (attempt.authorization !== `Bearer ${apiKey}`) {
        attempt.outcome = "unauthorized";
        return send(res, 401, {
          statusCode: 401,
          name: "missing_api_key",
          message: "Missing API key",
        });
      }
      if (!payload || !payload.from || !payload.to || !payload.subject) {
        attempt.outcome = "invalid";
        return send(res, 422, {
          statusCode: 422,
          name: "validation_error",
          message: "Missing fields",
        });
      }
      if (hangs > 0) {
        hangs--;
        attempt.outcome = "hung";
        hanging.add(res);
        res.on("close", () => hanging.delete(res));
        return;
      }
      if (failures > 0) {
        failures--;
        attempt.outcome = "failed";
        return send(res, 500, {
          statusCode: 500,
          name: "internal_server_error",
          message: "Injected failure",
        });
      }
      const known = attempt.idempotencyKey ? byKey.get(attempt.idempotencyKey) : undefined;
      if (known) {
        attempt.outcome = "duplicate";
        return send(res, 200, { id: known.id });
      }
      const delivery: Delivery = {
        id: randomUUID(),
        at: attempt.at,
        idempotencyKey: attempt.idempotencyKey,
        payload,
      };
      deliveries.push(delivery);
      if (attempt.idempotencyKey) byKey.set(attempt.idempotencyKey, delivery);
      if (lostAnswers > 0) {
        lostAnswers--;
        attempt.outcome = "accepted-then-hung";
        hanging.add(res);
        res.on("close", () => hanging.delete(res));
        return;
      }
      return send(res, 200, { id: delivery.id });
    });
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  const deliveriesTo = (to: string) =>
    deliveries.filter((d) => recipients(d.payload).includes(to.toLowerCase())).reverse();

  return {
    url: `http://127.0.0.1:${port}`,
    apiKey,
    attempts,
    deliveries,
    failNext: (n) => {
      failures = n;
    },
    hangNext: (n) => {
      hangs = n;
    },
    acceptThenHangNext: (n) => {
      lostAnswers = n;
    },
    deliveriesTo,
    async waitForDelivery(to, subject, options = {}) {
      const deadline = Date.now() + (options.timeoutMs ?? 15_000);
      const count = options.count ?? 1;
      for (;;) {
        const matching = deliveriesTo(to).filter((d) => subject.test(d.payload.subject));
        if (matching.length >= count) return matching[0]!;
        if (Date.now() > deadline) {
          throw new Error(
            `No delivery "${subject}" to ${to} (have ${matching.length}; attempts: ${JSON.stringify(
              attempts.map((a) => ({ key: a.idempotencyKey, outcome: a.outcome })),
            )})`,
          );
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The link token in an emailed text part. */
export function tokenIn(text: string | undefined): string {
  const match = /[?&]token=([A-Za-z0-9_-]+)/.exec(text ?? "");
  if (!match) throw new Error(`No link in mail: ${text}`);
  return match[1]!;
}

/** The numeric code in an emailed text part. */
export function codeIn(text: string | undefined): string {
  const match = /code: (\d+)/i.exec(text ?? "");
  if (!match) throw new Error(`No code in mail: ${text}`);
  return match[1]!;
}
