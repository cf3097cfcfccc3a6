import "server-only";
import type { ServerResponse } from "node:http";
import type * as z from "zod/mini";
import { requestMessages } from "../shared/messages";
import { AppError, toProblem } from "../shared/problems";
import { findSession, type LiveSession } from "../auth/sessions";
import { isDatabaseUnavailable } from "../server/db";
import { log } from "../server/log";
import { noteOutcome } from "../server/request-scope";
import { parseOrThrow } from "../shared/validation";

// What every route handler shares: JSON in (bounded, validated by the route's zod schema),
// JSON or RFC 9457 problem details out, and no stack trace ever reaching a client.

const MAX_BODY_BYTES = 64 * 1024;

export function json(data: unknown, status = 200): Response {
  return Response.json(data, { status });
}

export function problemResponse(error: AppError, headers: HeadersInit = {}): Response {
  const h = new Headers(headers);
  h.set("Content-Type", "application/problem+json");
  if (error.retryAfterSeconds !== undefined) h.set("Retry-After", String(error.retryAfterSeconds));
  if (error.status === 401 && !h.has("WWW-Authenticate"))
    h.set("WWW-Authenticate", 'Bearer realm="triplock"');
  return new Response(JSON.stringify(toProblem(error)), { status: error.status, headers: h });
}

/** Sends `answer` on a Node.js response: for answers given outside Next.js. */
export async function sendNodeResponse(target: ServerResponse, answer: Response): Promise<void> {
  target.writeHead(answer.status, Object.fromEntries(answer.headers));
  target.end(Buffer.from(await answer.arrayBuffer()));
}

async function readText(request: Request): Promise<string> {
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > MAX_BODY_BYTES) throw tooLarge();
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new AppError("malformed_request", requestMessages.bodyNotUtf8);
  }
}

const tooLarge = () =>
  new AppError("payload_too_large", requestMessages.bodyTooLarge(MAX_BODY_BYTES / 1024));

/** Reads a JSON body and validates it with `schema`; every failure is a 4xx problem. */
export async function readJson<S extends z.core.$ZodType>(
  request: Request,
  schema: S,
): Promise<z.output<S>> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/([\w.+-]+\+)?json\b/i.test(type)) {
    throw new AppError("unsupported_media_type", requestMessages.sendJson);
  }
  const text = await readText(request);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new AppError("malformed_request", requestMessages.bodyNotJson);
  }
  return parseOrThrow(schema, body);
}

/** Credentials from `Authorization: Basic base64(email:password)`. */
export function basicCredentials(request: Request): { email: string; password: string } {
  const header = request.headers.get("authorization") ?? "";
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  const decoded = match ? Buffer.from(match[1]!, "base64").toString("utf8") : "";
  const colon = decoded.indexOf(":");
  if (colon < 1) {
    throw new AppError("invalid_credentials", requestMessages.sendBasic);
  }
  return { email: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** The live session behind `Authorization: Bearer <token>`; 401 for anything else. */
export async function bearerSession(request: Request): Promise<LiveSession> {
  const match = /^Bearer\s+([A-Za-z0-9_-]{16,256})\s*$/i.exec(
    request.headers.get("authorization") ?? "",
  );
  const session = match ? await findSession(match[1]) : null;
  if (!session) {
    throw new AppError("unauthenticated", requestMessages.sendBearer);
  }
  return session;
}

/** Wraps a handler: known failures become their problem, anything else a logged 500/503. */
export function route<C>(handler: (request: Request, context: C) => Promise<Response>) {
  return async (request: Request, context: C): Promise<Response> => {
    try {
      return await handler(request, context);
    } catch (error) {
      if (error instanceof AppError) {
        noteOutcome(error.code);
        const headers: HeadersInit =
          error.code === "invalid_credentials" &&
          request.headers.get("authorization")?.startsWith("Basic")
            ? { "WWW-Authenticate": 'Basic realm="triplock", charset="UTF-8"' }
            : {};
        return problemResponse(error, headers);
      }
      if (isDatabaseUnavailable(error)) {
        noteOutcome("database_unavailable");
        log().error({ err: (error as Error).message }, "database unavailable");
        return problemResponse(new AppError("service_unavailable", requestMessages.unavailable), {
          "Retry-After": "5",
        });
      }
      log().error({ err: error }, "unhandled error");
      return problemResponse(new AppError("internal_error", requestMessages.unexpected));
    }
  };
}
