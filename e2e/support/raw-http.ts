import net from "node:net";
import { expectDescribed } from "./openapi";

// Raw HTTP/1.1 over a socket, for hostile requests that fetch() refuses to send or alters
// (bytes that are not UTF-8, no Content-Type at all, odd header bytes), and for bodies the
// server stops reading: a server may answer 413 and close while the rest of a 5 MB body is
// still being written, and Node's HTTP client then reports EPIPE instead of the answer.

export interface RawResponse {
  status: number;
  /** Lower-cased names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  /** Every header line as sent, in order. */
  rawHeaders: [string, string][];
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: unknown;
  ms: number;
}

export interface RawOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  timeoutMs?: number;
}

function decodeChunked(data: Buffer): Buffer {
  const parts: Buffer[] = [];
  let offset = 0;
  for (;;) {
    const lineEnd = data.indexOf("\r\n", offset);
    if (lineEnd < 0) break;
    const size = parseInt(data.subarray(offset, lineEnd).toString("latin1"), 16);
    if (!Number.isFinite(size) || size === 0) break;
    parts.push(data.subarray(lineEnd + 2, lineEnd + 2 + size));
    offset = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

function parse(data: Buffer, started: number): RawResponse {
  const headEnd = data.indexOf("\r\n\r\n");
  if (headEnd < 0)
    throw new Error(
      `Incomplete HTTP response: ${JSON.stringify(data.toString("latin1").slice(0, 200))}`,
    );
  const [statusLine, ...lines] = data.subarray(0, headEnd).toString("latin1").split("\r\n");
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine ?? "")?.[1] ?? 0);
  const rawHeaders = lines.map((line): [string, string] => {
    const colon = line.indexOf(":");
    return [line.slice(0, colon).trim(), line.slice(colon + 1).trim()];
  });
  const headers: Record<string, string> = {};
  for (const [name, value] of rawHeaders) {
    const key = name.toLowerCase();
    headers[key] = headers[key] === undefined ? value : `${headers[key]}, ${value}`;
  }
  let body = data.subarray(headEnd + 4);
  if (/chunked/i.test(headers["transfer-encoding"] ?? "")) body = decodeChunked(body);
  else if (headers["content-length"] !== undefined)
    body = body.subarray(0, Number(headers["content-length"]));
  const text = body.toString("utf8");
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status, headers, rawHeaders, text, json, ms: Date.now() - started };
}

function waitForData(socket: net.Socket, received: Buffer[], ms: number): Promise<void> {
  if (received.length > 0) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      socket.off("data", done);
      socket.off("close", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    socket.on("data", done);
    socket.on("close", done);
  });
}

/**
 * Sends one request on its own connection (Connection: close) and reads the answer, which
 * must be one the OpenAPI document describes.
 */
export async function rawRequest(url: string, options: RawOptions = {}): Promise<RawResponse> {
  const response = await send(url, options);
  await expectDescribed({ method: options.method ?? "POST", url, ...response });
  return response;
}

function send(url: string, options: RawOptions): Promise<RawResponse> {
  const started = Date.now();
  const timeoutMs = options.timeoutMs ?? 20_000;
  const target = new URL(url);
  const method = options.method ?? "POST";
  const body = options.body === undefined ? undefined : Buffer.from(options.body);
  const headers: Record<string, string> = {
    host: target.host,
    connection: "close",
    ...options.headers,
  };
  if (body && !Object.keys(headers).some((h) => /^content-length$/i.test(h)))
    headers["content-length"] = String(body.length);
  const head = Buffer.from(
    `${method} ${target.pathname}${target.search} HTTP/1.1\r\n${Object.entries(headers)
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join("")}\r\n`,
    "latin1",
  );

  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(target.port), target.hostname);
    const received: Buffer[] = [];
    let settled = false;
    const settle = (error?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      const data = Buffer.concat(received);
      if (data.length > 0) {
        try {
          return resolve(parse(data, started));
        } catch (parseError) {
          return reject(parseError as Error);
        }
      }
      reject(error ?? new Error(`${method} ${url}: the connection closed without an answer`));
    };
    const timer = setTimeout(
      () => settle(new Error(`${method} ${url}: no answer in ${timeoutMs} ms`)),
      timeoutMs,
    );
    socket.on("data", (chunk: Buffer) => received.push(chunk));
    // Writing the rest of a body the server refused to read: its answer is what counts.
    socket.on("error", (error) => settle(error));
    socket.on("close", () => settle());
    socket.on("connect", () => {
      socket.write(head);
      if (!body) return;
      void (async () => {
        // Like a client sending Expect: 100-continue, give the server a moment to refuse
        // a large body from its headers alone before sending it.
        if (body.length > 64 * 1024) await waitForData(socket, received, 300);
        for (let offset = 0; offset < body.length; offset += 64 * 1024) {
          if (socket.destroyed || received.length > 0) return;
          if (!socket.write(body.subarray(offset, offset + 64 * 1024)))
            await new Promise<void>((resolve) => {
              const done = () => {
                socket.off("drain", done);
                socket.off("close", done);
                resolve();
              };
              socket.on("drain", done);
              socket.on("close", done);
            });
        }
      })();
    });
  });
}
