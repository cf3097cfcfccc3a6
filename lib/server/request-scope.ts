import "server-only";
import type { AsyncLocalStorage } from "node:async_hooks";

// The request being served, as lib/server/request-guard.mjs opens it for every request the
// HTTP server receives: its id (also sent back as X-Request-Id), when it started, and what
// the app made of it. Log lines written while it is served carry its id.

export interface RequestScope {
  id: string;
  /** performance.now() when the request arrived. */
  start: number;
  /** How the app answered, in a word (a problem's code), for the request's log line. */
  outcome?: string;
}

const SCOPES = Symbol.for("triplock.requestScope");

export function requestScope(): RequestScope | undefined {
  const scopes = (globalThis as { [SCOPES]?: AsyncLocalStorage<RequestScope> })[SCOPES];
  return scopes?.getStore();
}

/** Notes how the request ended, when it ends in a way its status alone does not say. */
export function noteOutcome(outcome: string): void {
  const scope = requestScope();
  if (scope) scope.outcome = outcome;
}
