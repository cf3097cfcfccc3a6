// Next.js keeps a client-sent X-Forwarded-For as it is, so without a trusted proxy any
// client could choose the address its rate limits are counted under. Unless TRUST_PROXY is
// set, this replaces the header with the socket's address before Next.js sees the request.
//
// It is preloaded (`node --import ./lib/server/request-guard.mjs`: npm run dev, npm start, the
// Docker image), so it is in place before the server listens: a request that arrives while
// the app is still starting is guarded too. Start-up refuses to run without it.
import http from "node:http";

const installed = Symbol.for("triplock.requestGuard");
const proto = http.Server.prototype;
const trustProxy = !["", "0", "false"].includes(process.env.TRUST_PROXY ?? "");

if (!proto[installed]) {
  proto[installed] = true;
  if (!trustProxy) {
    const emit = proto.emit;
    proto.emit = function (event, ...args) {
      if (event === "request")
        args[0].headers["x-forwarded-for"] = args[0].socket.remoteAddress ?? "";
      return emit.call(this, event, ...args);
    };
  }
}
