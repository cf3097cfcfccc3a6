// Next.js keeps a client-sent X-Forwarded-For as it is, so without a trusted proxy any
// client could choose the address its rate limits are counted under. Unless TRUST_PROXY is
// set, this replaces the header with the socket's address before Next.js sees the request.
//
// It also opens the request's scope (lib/server/request-scope.ts): a fresh id, sent back as
// X-Request-Id and carried by every log line written while the request is served, and a
// call, once the response is finished, to what the app installed to log and count it.
//
// And it asks the app whether to let the request in at all (lib/web/admission.ts): a
// request that would hash a password while the hash backlog is full is answered here.
//
// It is preloaded (`node --import ./lib/server/request-guard.mjs`: npm run dev, npm start, the
// Docker image), so it is in place before the server listens: a request that arrives while
// the app is still starting is guarded too. Start-up refuses to run without it.
import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import http from "node:http";
import { performance } from "node:perf_hooks";

const installed = Symbol.for("triplock.requestGuard");
const scopes = Symbol.for("triplock.requestScope");
const finished = Symbol.for("triplock.requestFinished");
const admission = Symbol.for("triplock.admission");
const proto = http.Server.prototype;
const trustProxy = !["", "0", "false"].includes(process.env.TRUST_PROXY ?? "");

if (!proto[installed]) {
  proto[installed] = true;
  const storage = (globalThis[scopes] ??= new AsyncLocalStorage());
  const emit = proto.emit;
  proto.emit = function (event, ...args) {
    if (event !== "request") return emit.call(this, event, ...args);
    const [request, response] = args;
    if (!trustProxy) request.headers["x-forwarded-for"] = request.socket.remoteAddress ?? "";
    // Our own id, whatever the client sent: a log line's id is never the client's choice.
    const scope = { id: randomUUID(), start: performance.now() };
    request.headers["x-request-id"] = scope.id;
    response.setHeader("X-Request-Id", scope.id);
    response.once("finish", () => globalThis[finished]?.(scope, request, response));
    return storage.run(scope, () =>
      globalThis[admission]?.(request, response) === false ? true : emit.call(this, event, ...args),
    );
  };
}
