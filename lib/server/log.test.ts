// Threat: a secret written to the log (a field nobody meant to log, an address in clear), or
// log lines that cannot be tied to the request that wrote them.
import { AsyncLocalStorage } from "node:async_hooks";
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { foundIn } from "../../e2e/support/secrets-seen";
import { TEST_AUTH_SECRET } from "../../e2e/support/test-server";
import { createLogger, SECRET_FIELDS } from "./log";
import { noteOutcome, requestScope, type RequestScope } from "./request-scope";

process.env.AUTH_SECRET = TEST_AUTH_SECRET;

/** A logger as production configures it, writing into an array of parsed lines. */
function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split("\n").filter(Boolean));
      done();
    },
  });
  return { logger: createLogger({ level: "info", destination }), lines };
}

const SECRET = "s3cret-Value-0123456789";

describe("the logger", () => {
  it("redacts every secret field, at the top of a line and one level down", () => {
    const { logger, lines } = capture();
    const fields = Object.fromEntries(SECRET_FIELDS.map((field) => [field, SECRET]));
    logger.info({ ...fields, request: fields }, "everything secret");
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain(SECRET);
    const line = JSON.parse(lines[0]!);
    for (const field of SECRET_FIELDS) {
      expect(line[field], field).toBe("[redacted]");
      expect(line.request[field], `request.${field}`).toBe("[redacted]");
    }
  });

  it("writes JSON lines with a level, an ISO time, and the request's id while it is served", () => {
    const { logger, lines } = capture();
    const scopes = new AsyncLocalStorage<RequestScope>();
    (globalThis as Record<symbol, unknown>)[Symbol.for("triplock.requestScope")] = scopes;
    try {
      scopes.run({ id: "req-1", start: 0 }, () => {
        noteOutcome("invalid_credentials");
        expect(requestScope()?.outcome).toBe("invalid_credentials");
        logger.info({ route: "/api/v1/login" }, "inside");
      });
      logger.info("outside");
    } finally {
      delete (globalThis as Record<symbol, unknown>)[Symbol.for("triplock.requestScope")];
    }
    const [inside, outside] = lines.map((line) => JSON.parse(line));
    expect(inside).toMatchObject({ level: 30, reqId: "req-1", route: "/api/v1/login" });
    expect(new Date(inside.time).toISOString()).toBe(inside.time);
    expect(outside.reqId).toBeUndefined();
  });
});

// The search the API tests run over each server's whole log (e2e/support/secrets-seen.ts)
// must find what it looks for: otherwise "no secret found" would prove nothing.
describe("the search for secrets in a log", () => {
  it("finds a secret planted in a field the logger does not redact", () => {
    const { logger, lines } = capture();
    logger.info({ note: `mail said ${SECRET}`, code: "123456" }, "planted");
    logger.info({ attempt: 654321 }, "a number where a code could be");
    const log = lines.join("\n");
    expect(foundIn(log, [SECRET, "123456", "654321", "correct horse"])).toEqual([SECRET, "654321"]);
  });

  it("finds a JSON-escaped secret, and a code only as a whole number", () => {
    const tricky = 'a "quoted" passphrase\\ 9';
    const log = `${JSON.stringify({ note: tricky })}\n{"id":"cm123456xyz","time":"2026-11-21T10:00:00.000Z"}`;
    expect(foundIn(log, [tricky, "123456", "000000"])).toEqual([tricky]);
  });
});
