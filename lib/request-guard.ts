import http from "node:http";

// Next.js keeps a client-sent X-Forwarded-For as it is, so without a trusted proxy any
// client could choose the address its rate limits are counted under. Unless TRUST_PROXY
// is set, this replaces it with the socket's address before Next.js reads the request.
// It runs once, from instrumentation.ts, in the process that owns the HTTP server.

const installed = Symbol.for("triplock.requestGuard");

export function installRequestGuard(trustProxy: boolean): void {
  const proto = http.Server.prototype as http.Server & { [installed]?: boolean };
  if (trustProxy || proto[installed]) return;
  proto[installed] = true;
  const emit = proto.emit as (
    this: http.Server,
    event: string | symbol,
    ...args: unknown[]
  ) => boolean;
  proto.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === "request") {
      const req = args[0] as http.IncomingMessage;
      req.headers["x-forwarded-for"] = req.socket.remoteAddress ?? "";
    }
    return emit.call(this, event, ...args);
  } as typeof proto.emit;
}
