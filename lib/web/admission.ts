import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import { admitHashing } from "../auth/passwords/hashing";
import { noteOutcome } from "../server/request-scope";
import { AppError } from "../shared/problems";
import { API_CACHE_CONTROL } from "../shared/routes";
import { problemResponse, sendNodeResponse } from "./http";
import { apiOperations } from "./openapi";

// The API's password-checking operations are let in or turned away by
// lib/server/request-guard.mjs, before Next.js routes them. Turning one away there costs
// microseconds; an answer from a route handler costs a millisecond or more of the event
// loop, so a flood of them (activations for made-up addresses, hundreds a second) would
// crowd out every cheap request even though each is refused. Server actions that hash meet
// the same bound a step later, at the hash itself (lib/auth/passwords/hashing.ts).

const hashing = new Set(
  apiOperations.filter((op) => op.hashes).map((op) => `${op.method.toUpperCase()} ${op.path}`),
);

/** False when the request has been answered here (refused) and must not reach Next.js. */
function admit(request: IncomingMessage, response: ServerResponse): boolean {
  const path = (request.url ?? "/").split("?")[0];
  if (!hashing.has(`${request.method} ${path}`)) return true;
  try {
    response.once("close", admitHashing());
    return true;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    noteOutcome(error.code);
    // With what next.config.mjs gives every API answer, which this one bypasses.
    const answer = problemResponse(error, {
      "Cache-Control": API_CACHE_CONTROL,
      "X-Content-Type-Options": "nosniff",
    });
    void sendNodeResponse(response, answer);
    return false;
  }
}

export function installAdmission(): void {
  (globalThis as Record<symbol, unknown>)[Symbol.for("triplock.admission")] = admit;
}
