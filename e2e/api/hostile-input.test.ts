// Threat: hostile request bodies and headers crash a route (5xx), leak internals, hang it, or leave rows behind.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { basic, STRONG_PASSWORD, uniqueEmail } from "../support/api";
import { activeAccount, logIn } from "../support/adversary";
import { rowCounts, waitForOutboxDrained, withDatabase } from "../support/database-inspect";
import { rawRequest, type RawResponse } from "../support/raw-http";
import {
  createDatabase,
  startServer,
  type Database,
  type TestServer,
} from "../support/test-server";
import { describedFetch } from "../support/openapi";

// A server of its own: thousands of refused logins from 127.0.0.1 would otherwise lock the
// shared server's client IP for the other test files, and row counts need a quiet database.
let server: TestServer;
let database: Database;
let databaseUrl: string;

interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
}

interface Route {
  path: string;
  auth?: "basic" | "bearer";
  schema?: JsonSchema;
}

const EXPECTED_POST_ROUTES = [
  "/api/v1/signup",
  "/api/v1/signup/confirm",
  "/api/v1/signup/activate",
  "/api/v1/signup/resend",
  "/api/v1/login",
  "/api/v1/login/complete",
  "/api/v1/logout",
  "/api/v1/account/delete",
  "/api/v1/account/delete/confirm",
  "/api/v1/password/forgot",
  "/api/v1/password/reset",
  "/api/v1/me/password",
  "/api/v1/me/authenticator",
  "/api/v1/me/authenticator/confirm",
  "/api/v1/me/recovery-codes",
];

/** Every operation of the API: the POST routes, and these. */
const EXPECTED_OTHER_OPERATIONS = [
  "GET /api/health",
  "GET /api/ready",
  "GET /api/v1/me",
  "GET /api/v1/me/events",
  "GET /api/v1/me/sessions",
  "DELETE /api/v1/me/sessions",
  "DELETE /api/v1/me/sessions/{id}",
  "GET /api/dev/mailbox",
];

let routes: Route[] = [];
let operations: string[] = [];
// A live session, so that hostile bodies sent to the signed-in routes get past the bearer
// check to the parsing and the workflows behind it (not to logout, which would end it).
let accessToken: string;
const liveSession = (path: string): Record<string, string> =>
  path === "/api/v1/logout" ? {} : { authorization: `Bearer ${accessToken}` };

beforeAll(async () => {
  database = await createDatabase();
  databaseUrl = database.url;
  server = await startServer(database, {
    env: {
      MAIL_PER_IP_PER_HOUR: "1000000",
      LOGIN_FAILURES_PER_IP: "1000000",
      LOGIN_FAILURES_PER_ACCOUNT: "1000000",
    },
  });
  const doc = (await (await fetch(`${server.url}/api/openapi.json`)).json()) as {
    paths: Record<
      string,
      Record<
        string,
        {
          security?: Record<string, unknown>[];
          requestBody?: { content: Record<string, { schema: JsonSchema }> };
        }
      >
    >;
    components: { schemas: Record<string, JsonSchema> };
  };
  const resolve = (s: JsonSchema): JsonSchema =>
    s.$ref ? resolve(doc.components.schemas[s.$ref.split("/").at(-1)!]!) : s;
  operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
  );
  routes = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods)
      .filter(([method]) => method === "post")
      .map(([, op]) => {
        const scheme = Object.keys(op.security?.[0] ?? {})[0] as Route["auth"];
        const schema = op.requestBody?.content["application/json"]?.schema;
        return { path, auth: scheme, schema: schema && resolve(schema) };
      }),
  );
  accessToken = await logIn(await activeAccount(server.url, uniqueEmail("hostile")), server.url);
}, 120_000);

afterAll(async () => {
  try {
    await server?.stop();
  } finally {
    await database?.drop();
  }
});

const route = (path: string) => {
  const found = routes.find((r) => r.path === path);
  if (!found) throw new Error(`${path} is not in the OpenAPI document`);
  return found;
};

// ---------------------------------------------------------------------------------------
// What every answer must look like.

function describeRequest(path: string, body: unknown, headers: Record<string, string>): string {
  const shown =
    typeof body === "string" || Buffer.isBuffer(body) ? String(body) : JSON.stringify(body);
  return `POST ${path} ${JSON.stringify(headers)} ${shown.length > 300 ? `${shown.slice(0, 300)}… (${shown.length} chars)` : shown}`;
}

function expectWellFormed(response: RawResponse, context: string): void {
  expect(
    response.status,
    `${context} → ${response.status} ${response.text.slice(0, 300)}`,
  ).toBeLessThan(500);
  expect(response.ms, `${context} took ${response.ms} ms`).toBeLessThan(10_000);
  if (response.status >= 200 && response.status < 300) return;
  expect(response.headers["content-type"], `${context}: content type`).toMatch(
    /^application\/problem\+json/,
  );
  const problem = response.json as Record<string, unknown> | undefined;
  expect(problem, `${context}: problem body ${response.text.slice(0, 300)}`).toMatchObject({
    type: expect.any(String),
    title: expect.any(String),
    status: response.status,
    detail: expect.any(String),
    code: expect.stringMatching(/^[a-z_]+$/),
  });
  // No stack traces, file paths or driver messages reach the client.
  expect(response.text, `${context}: internals in the answer`).not.toMatch(
    /node_modules|\.next\/|\bat async\b|prisma|postgres|stack|TypeError|SyntaxError/i,
  );
}

async function send(
  path: string,
  body: string | Buffer | undefined,
  headers: Record<string, string> = { "content-type": "application/json" },
): Promise<RawResponse> {
  return rawRequest(`${server.url}${path}`, { method: "POST", headers, body, timeoutMs: 12_000 });
}

async function sendAndCheck(
  path: string,
  body: string | Buffer | undefined,
  headers: Record<string, string> = { "content-type": "application/json" },
): Promise<RawResponse> {
  const response = await send(path, body, headers);
  expectWellFormed(response, describeRequest(path, body ?? "", headers));
  return response;
}

// ---------------------------------------------------------------------------------------
// Bodies generated from the OpenAPI document, then mutated.

const INJECTIONS = [
  "' OR 1=1 --",
  '"; DROP TABLE "User"; --',
  "'; SELECT pg_sleep(10); --",
  "<script>alert(1)</script>",
  "../../etc/passwd",
  "..\\..\\windows\\win.ini",
  "a@example.com\r\nBcc: victim@example.com",
  "%0d%0aSet-Cookie:%20x=1",
  "${7*7}{{7*7}}",
  "\u0000",
  "a\u0000@example.com",
  "\ud800",
  "𝕒𝕕𝕒@example.com",
  "ＡＤＡ@ＥＸＡＭＰＬＥ.ＣＯＭ",
];

const controlString = fc.string({
  unit: fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c)),
  maxLength: 40,
});

const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.constant([]),
  fc.constant({}),
  fc.jsonValue({ maxDepth: 3 }),
  fc.string({ unit: "binary", maxLength: 200 }),
  controlString,
  fc.constantFrom(...INJECTIONS),
  fc.constant({ $gt: "" }),
  fc.constant({ $ne: null }),
  fc.array(fc.string(), { maxLength: 5 }),
);

function valueFor(schema: JsonSchema): fc.Arbitrary<unknown> {
  if (schema.format === "email") return fc.emailAddress();
  if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern));
  if (schema.type === "string" || (Array.isArray(schema.type) && schema.type.includes("string")))
    return fc.string({
      minLength: schema.minLength ?? 0,
      maxLength: Math.min(schema.maxLength ?? 64, 200),
    });
  return fc.jsonValue({ maxDepth: 2 });
}

function plausibleBody(schema: JsonSchema): fc.Arbitrary<Record<string, unknown>> {
  const entries = Object.entries(schema.properties ?? {});
  const required = new Set(schema.required ?? []);
  return fc.record(Object.fromEntries(entries.map(([k, s]) => [k, valueFor(s)])), {
    requiredKeys: entries.map(([k]) => k).filter((k) => required.has(k)),
  });
}

const EXTRA_KEYS = [
  "__proto__",
  "constructor",
  "prototype",
  "status",
  "role",
  "isAdmin",
  "id",
  "userId",
  "totpSecret",
  "emailVerified",
  "passwordHash",
];

function bodies(schema: JsonSchema | undefined): fc.Arbitrary<unknown> {
  const base = schema ? plausibleBody(schema) : fc.constant({} as Record<string, unknown>);
  const keys = Object.keys(schema?.properties ?? {});
  const pickKey = keys.length ? fc.constantFrom(...keys) : fc.constant("x");
  return fc.oneof(
    base,
    // a required field missing
    fc.tuple(base, pickKey).map(([b, k]) => {
      const copy = { ...b };
      delete copy[k];
      return copy;
    }),
    // a field of the wrong type or with a hostile value
    fc.tuple(base, pickKey, hostileValue).map(([b, k, v]) => ({ ...b, [k]: v })),
    // fields that are not in the schema
    fc
      .tuple(base, fc.dictionary(fc.constantFrom(...EXTRA_KEYS), hostileValue))
      .map(([b, extra]) => ({ ...extra, ...b })),
    // not an object at all
    fc.array(base, { maxLength: 3 }),
    fc.jsonValue(),
    fc.constant(null),
    fc.string({ unit: "binary", maxLength: 100 }),
  );
}

function authHeaders(auth: Route["auth"], path: string): fc.Arbitrary<Record<string, string>> {
  if (auth === "basic")
    return fc.oneof(
      fc.constant({}),
      fc
        .tuple(fc.emailAddress(), fc.string({ maxLength: 80 }))
        .map(([e, p]) => ({ authorization: basic(e, p) })),
      fc
        .string({ unit: "grapheme-ascii", maxLength: 100 })
        .map((s) => ({ authorization: `Basic ${s}` })),
    );
  if (auth === "bearer")
    return fc.oneof(
      fc.constant({}),
      fc.constant(liveSession(path)),
      fc.stringMatching(/^[A-Za-z0-9_-]{16,64}$/).map((t) => ({ authorization: `Bearer ${t}` })),
      fc
        .string({ unit: "grapheme-ascii", maxLength: 100 })
        .map((s) => ({ authorization: `Bearer ${s}` })),
    );
  return fc.constant({});
}

describe("generated bodies, derived from the OpenAPI document", () => {
  it("the document lists every operation", () => {
    expect(routes.map((r) => r.path).sort()).toEqual([...EXPECTED_POST_ROUTES].sort());
    expect(operations.sort()).toEqual(
      [...EXPECTED_POST_ROUTES.map((p) => `POST ${p}`), ...EXPECTED_OTHER_OPERATIONS].sort(),
    );
  });

  it.each(EXPECTED_POST_ROUTES.map((p, i) => [p, i] as const))(
    "POST %s: never a 5xx, every refusal a problem",
    async (path, index) => {
      const { schema, auth } = route(path);
      await fc.assert(
        fc.asyncProperty(bodies(schema), authHeaders(auth, path), async (body, headers) => {
          await sendAndCheck(path, JSON.stringify(body) ?? "null", {
            "content-type": "application/json",
            ...headers,
          });
        }),
        { numRuns: 50, seed: 0x7e57 + index, endOnFailure: true },
      );
    },
  );
});

// ---------------------------------------------------------------------------------------
// A hand-written corpus: the classics.

const big = (n: number) => "x".repeat(n);
const json = (v: unknown) => JSON.stringify(v);
const JSON_HEADERS = { "content-type": "application/json" };

/** A body of the route's shape, valid in form, so hostile values reach the deeper layers. */
function sample(path: string, email = uniqueEmail("hostile")): Record<string, unknown> {
  const token = "A".repeat(43);
  switch (path) {
    case "/api/v1/signup":
      return { email, password: STRONG_PASSWORD, name: "Ada" };
    case "/api/v1/signup/confirm":
      return { token, password: STRONG_PASSWORD };
    case "/api/v1/signup/activate":
      return { code: "123456" };
    case "/api/v1/signup/resend":
    case "/api/v1/login":
    case "/api/v1/password/forgot":
      return { email };
    case "/api/v1/password/reset":
      return { token, totp: "123456", newPassword: STRONG_PASSWORD };
    case "/api/v1/me/password":
      return { currentPassword: STRONG_PASSWORD, totp: "123456", newPassword: STRONG_PASSWORD };
    case "/api/v1/me/authenticator":
    case "/api/v1/me/recovery-codes":
      return { password: STRONG_PASSWORD, totp: "123456" };
    case "/api/v1/me/authenticator/confirm":
      return { totp: "123456" };
    case "/api/v1/login/complete":
      return { token, password: STRONG_PASSWORD, totp: "123456" };
    case "/api/v1/account/delete":
      return { email, password: STRONG_PASSWORD };
    case "/api/v1/account/delete/confirm":
      return { token };
    default:
      return {};
  }
}

function nested(depth: number, open: string, close: string, leaf = "1"): string {
  return open.repeat(depth) + leaf + close.repeat(depth);
}

interface Case {
  name: string;
  body?: string | Buffer;
  headers?: Record<string, string>;
}

function corpus(path: string): Case[] {
  // A fresh address for every case, so the per-address mail cap never answers first.
  const s = sample(path);
  const fresh = () => sample(path);
  const fields = Object.keys(s);
  const cases: Case[] = [
    { name: "no body", body: undefined },
    { name: "empty body", body: "" },
    { name: "null", body: "null" },
    { name: "[]", body: "[]" },
    { name: '""', body: '""' },
    { name: "0", body: "0" },
    { name: "true", body: "true" },
    { name: "{}", body: "{}" },
    { name: "array of the body", body: json([fresh()]) },
    { name: "truncated JSON", body: json(fresh()).slice(0, -5) },
    { name: "lone brace", body: "{" },
    { name: "trailing garbage", body: `${json(fresh())}}}}` },
    { name: "JSON with comments", body: `/* hi */ ${json(fresh())}` },
    { name: "NaN and Infinity", body: '{"email": NaN, "token": Infinity}' },
    { name: "huge number", body: `{"code": 1e400, "email": 1e400}` },
    { name: "deeply nested arrays (10 000 levels)", body: nested(10_000, "[", "]") },
    { name: "deeply nested objects (10 000 levels)", body: nested(10_000, '{"a":', "}") },
    {
      name: "deeply nested value in a field",
      body: `{"${fields[0] ?? "x"}":${nested(10_000, "[", "]")}}`,
    },
    { name: "5 MB body", body: json({ ...fresh(), padding: big(5 * 1024 * 1024) }) },
    {
      name: "invalid UTF-8 bytes",
      body: Buffer.concat([
        Buffer.from('{"email":"'),
        Buffer.from([0xff, 0xfe, 0xc0, 0xaf]),
        Buffer.from('@example.com"}'),
      ]),
    },
    {
      name: "UTF-16 surrogate encoded as UTF-8 (CESU)",
      body: Buffer.concat([
        Buffer.from('{"token":"'),
        Buffer.from([0xed, 0xa0, 0x80]),
        Buffer.from('"}'),
      ]),
    },
    {
      name: "UTF-8 BOM",
      body: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(json(fresh()))]),
    },
    {
      name: "UTF-16 body",
      body: Buffer.from(json(fresh()), "utf16le"),
      headers: { "content-type": "application/json; charset=utf-16" },
    },
    { name: "text/plain", body: json(fresh()), headers: { "content-type": "text/plain" } },
    {
      name: "form-urlencoded",
      body: new URLSearchParams(s as Record<string, string>).toString(),
      headers: { "content-type": "application/x-www-form-urlencoded" },
    },
    {
      name: "multipart",
      body: `--XyZ\r\nContent-Disposition: form-data; name="email"\r\n\r\na@example.com\r\n--XyZ--\r\n`,
      headers: { "content-type": "multipart/form-data; boundary=XyZ" },
    },
    { name: "no content type", body: json(fresh()), headers: {} },
    {
      name: "content type garbage",
      body: json(fresh()),
      headers: { "content-type": ";;;=\u00e9" },
    },
    {
      name: "Content-Encoding gzip on a plain body",
      body: json(fresh()),
      headers: { ...JSON_HEADERS, "content-encoding": "gzip" },
    },
    {
      name: "forged X-Forwarded-For",
      body: json(fresh()),
      headers: { ...JSON_HEADERS, "x-forwarded-for": "' OR 1=1 --, 999.1.1.1, <script>" },
    },
    {
      name: "prototype pollution",
      body: `{"__proto__":{"isAdmin":true},"constructor":{"prototype":{"isAdmin":true}},${json(fresh()).slice(1)}`,
    },
    { name: "duplicate keys", body: `${json(fresh()).slice(0, -1)},${json(fresh()).slice(1)}` },
  ];
  for (const field of fields) {
    const values: [string, unknown][] = [
      ["null", null],
      ["[]", []],
      ['""', ""],
      ["{}", {}],
      ["a number", 12345],
      ["true", true],
      ["an array of strings", [String(s[field])]],
      ["NoSQL operator", { $gt: "" }],
      ["100 KB string", big(100 * 1024)],
      ["60 KB string", big(60 * 1024)],
      ["control characters", "\u0000\u0001\u0007\b\u001b[31m\u007f"],
      ["a NUL byte inside", `${String(s[field])}\u0000`],
      ["lone surrogate", "\ud800\udc00\udfff"],
      ["right-to-left override", `\u202e${String(s[field])}`],
      ...INJECTIONS.map((i): [string, unknown] => [`injection ${JSON.stringify(i)}`, i]),
    ];
    for (const [label, value] of values) {
      cases.push({ name: `${field}: ${label}`, body: json({ ...fresh(), [field]: value }) });
    }
  }
  return cases;
}

const BASIC_GARBAGE: string[] = [
  "Basic",
  "Basic ",
  "Basic !!!!",
  "Basic ====",
  `Basic ${Buffer.from("no-colon").toString("base64")}`,
  `Basic ${Buffer.from(":password only").toString("base64")}`,
  `Basic ${Buffer.from("a@example.com:").toString("base64")}`,
  `Basic ${Buffer.from([0xff, 0xfe, 0x3a, 0xc0, 0xaf]).toString("base64")}`,
  `Basic ${Buffer.from("' OR 1=1 --:x").toString("base64")}`,
  `Basic ${Buffer.from(`a\u0000@example.com:${STRONG_PASSWORD}`).toString("base64")}`,
  `Basic ${Buffer.from(`${uniqueEmail()}:${"p".repeat(4000)}`).toString("base64")}`,
  `Basic ${Buffer.from(`${big(300)}@example.com:x`).toString("base64")}`,
  `basic ${Buffer.from(`${uniqueEmail()}:${STRONG_PASSWORD}`).toString("base64")}`,
  `Basic ${"A".repeat(6000)}`,
  "Bearer abcdefabcdefabcdefabcdef",
  'Digest username="a"',
  `Basic ${Buffer.from(`${uniqueEmail()}:${STRONG_PASSWORD}`).toString("base64")} extra`,
];

const BEARER_GARBAGE: string[] = [
  "Bearer",
  "Bearer ",
  "Bearer short",
  `Bearer ${"a".repeat(257)}`,
  `Bearer ${"a".repeat(6000)}`,
  "Bearer ' OR 1=1 --",
  "Bearer ../../etc/passwd",
  'Bearer {"$gt":""}',
  "Bearer null",
  `Bearer ${"A".repeat(43)}`,
  `Bearer ${"-".repeat(43)}`,
  `bearer ${"b".repeat(43)}`,
  `Basic ${Buffer.from("a@example.com:x").toString("base64")}`,
  `Bearer ${"A".repeat(43)}, Bearer ${"B".repeat(43)}`,
  "Bearer \u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9",
];

describe("a hand-written corpus of hostile requests", () => {
  it.each(EXPECTED_POST_ROUTES)("POST %s: never a 5xx, every refusal a problem", async (path) => {
    const { auth } = route(path);
    const authorization: Record<string, string> =
      auth === "basic"
        ? { authorization: basic(uniqueEmail("basic"), STRONG_PASSWORD) }
        : auth === "bearer"
          ? liveSession(path)
          : {};
    const failures: string[] = [];
    for (const c of corpus(path)) {
      const headers = { ...(c.headers ?? JSON_HEADERS), ...authorization };
      await sendAndCheck(path, c.body, headers).catch((error: Error) => {
        failures.push(`[${c.name}] ${error.message.split("\n")[0]}`);
      });
    }
    expect(failures).toEqual([]);
  });

  it("refuses oversized bodies with 413", async () => {
    for (const path of EXPECTED_POST_ROUTES.filter((p) => p !== "/api/v1/logout")) {
      const response = await sendAndCheck(
        path,
        json({ ...sample(path), pad: big(5 * 1024 * 1024) }),
        {
          ...JSON_HEADERS,
          ...(route(path).auth === "basic"
            ? { authorization: basic(uniqueEmail("big"), STRONG_PASSWORD) }
            : route(path).auth === "bearer"
              ? liveSession(path)
              : {}),
        },
      );
      expect(response.status, path).toBe(413);
    }
  });

  it.each([
    ["/api/v1/signup/activate", BASIC_GARBAGE],
    ["/api/v1/logout", BEARER_GARBAGE],
  ] as const)("POST %s with a garbage Authorization header: 4xx problem", async (path, values) => {
    const failures: string[] = [];
    for (const authorization of values) {
      try {
        const response = await sendAndCheck(path, json(sample(path)), {
          ...JSON_HEADERS,
          authorization,
        });
        expect(response.status, authorization.slice(0, 80)).toBeGreaterThanOrEqual(400);
      } catch (error) {
        failures.push(`[${authorization.slice(0, 60)}] ${(error as Error).message.split("\n")[0]}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it("does not store extra fields: a sign-up cannot choose its status, secret or verification", async () => {
    const email = uniqueEmail("massassign");
    const response = await sendAndCheck(
      "/api/v1/signup",
      json({
        email,
        password: STRONG_PASSWORD,
        status: "ACTIVE",
        totpSecret: "JBSWY3DPEHPK3PXP",
        emailVerified: "2020-01-01T00:00:00.000Z",
        activatedAt: "2020-01-01T00:00:00.000Z",
        id: "attacker-chosen-id",
        passwordHash: "$2a$04$abcdefghijklmnopqrstuv",
      }),
    );
    expect(response.status).toBe(202);
    const [user] = await withDatabase(
      databaseUrl,
      async (client) => (await client.query(`SELECT * FROM "User" WHERE email = $1`, [email])).rows,
    );
    expect(user).toMatchObject({
      status: "PENDING",
      totpSecret: null,
      emailVerified: null,
      activatedAt: null,
    });
    expect(user.id).not.toBe("attacker-chosen-id");
    expect(user.passwordHash).not.toBe("$2a$04$abcdefghijklmnopqrstuv");
  });
});

describe("refused requests store nothing", () => {
  it("no User, OneTimeToken or EmailMessage row appears for the addresses of refused requests", async () => {
    await waitForOutboxDrained(databaseUrl);
    const before = await withDatabase(databaseUrl, rowCounts);

    const emails: string[] = [];
    const fresh = () => {
      const email = uniqueEmail("refused");
      emails.push(email);
      return email;
    };
    const signup = (extra: Record<string, unknown>) => ({
      email: fresh(),
      password: STRONG_PASSWORD,
      ...extra,
    });
    const refused: [string, string | Buffer | undefined, Record<string, string>?][] = [
      ["/api/v1/signup", json(signup({})), { "content-type": "text/plain" }],
      [
        "/api/v1/signup",
        new URLSearchParams(signup({})).toString(),
        {
          "content-type": "application/x-www-form-urlencoded",
        },
      ],
      ["/api/v1/signup", json(signup({})), {}],
      ["/api/v1/signup", json(signup({})).slice(0, -3)],
      ["/api/v1/signup", json(signup({ pad: big(100 * 1024) }))],
      ["/api/v1/signup", json(signup({ name: big(60 * 1024) }))],
      ["/api/v1/signup", json(signup({ password: "short" }))],
      ["/api/v1/signup", json(signup({ password: "password123" }))],
      ["/api/v1/signup", json(signup({ password: "é".repeat(40) }))],
      ["/api/v1/signup", json(signup({ password: 123456789 }))],
      ["/api/v1/signup", json(signup({ password: [STRONG_PASSWORD] }))],
      ["/api/v1/signup", json(signup({ password: { $gt: "" } }))],
      ["/api/v1/signup", json(signup({ name: ["Ada"] }))],
      ["/api/v1/signup", json(signup({ name: "Ada\u0000" }))],
      ["/api/v1/signup", json(signup({ name: "\u0000" }))],
      ["/api/v1/signup", json({ email: [fresh()], password: STRONG_PASSWORD })],
      [
        "/api/v1/signup",
        json({ email: `${fresh()}\r\nBcc: victim@example.com`, password: STRONG_PASSWORD }),
      ],
      ["/api/v1/signup", json({ email: `${fresh()}' OR 1=1 --`, password: STRONG_PASSWORD })],
      ["/api/v1/signup", json([signup({})])],
      [
        "/api/v1/signup",
        Buffer.concat([
          Buffer.from(json(signup({})).slice(0, -1)),
          Buffer.from(',"name":"\xff"}', "latin1"),
        ]),
      ],
      ["/api/v1/signup/resend", json({ email: fresh() }), { "content-type": "text/plain" }],
      ["/api/v1/login", json({ email: fresh() }), {}],
      ["/api/v1/account/delete", json({ email: fresh(), password: STRONG_PASSWORD })],
      [
        "/api/v1/login/complete",
        json({ email: fresh(), code: "123456", password: STRONG_PASSWORD, totp: "123456" }),
      ],
      ["/api/v1/password/forgot", json({ email: fresh() }), { "content-type": "text/plain" }],
      ["/api/v1/password/forgot", json({ email: `${fresh()}\r\nBcc: victim@example.com` })],
      [
        "/api/v1/password/reset",
        json({ email: fresh(), code: "123456", totp: "123456", newPassword: STRONG_PASSWORD }),
      ],
    ];
    for (const [path, body, headers] of refused) {
      const response = await sendAndCheck(path, body, headers ?? JSON_HEADERS);
      expect(response.status, describeRequest(path, body, headers ?? {})).toBeGreaterThanOrEqual(
        400,
      );
    }
    const activate = await sendAndCheck("/api/v1/signup/activate", json({ code: "123456" }), {
      ...JSON_HEADERS,
      authorization: basic(fresh(), STRONG_PASSWORD),
    });
    expect(activate.status).toBe(401);

    const after = await withDatabase(databaseUrl, rowCounts);
    // Rate-limit counters may legitimately count refused requests, and the security trail
    // record them (for no account: the addresses have none, as checked below); nothing else
    // may change.
    for (const counts of [before, after]) {
      delete counts.RateLimit;
      delete counts.SecurityEvent;
    }
    expect(after).toEqual(before);

    const leftovers = await withDatabase(databaseUrl, async (client) => {
      const addresses = emails.map((e) => e.toLowerCase());
      const like = emails.map((e) => `%${e.split("@")[0]}%`);
      return {
        users: (await client.query(`SELECT email FROM "User" WHERE email ILIKE ANY($1)`, [like]))
          .rows,
        tokens: (
          await client.query(
            `SELECT t.id FROM "OneTimeToken" t JOIN "User" u ON u.id = t."userId" WHERE u.email ILIKE ANY($1)`,
            [like],
          )
        ).rows,
        mail: (
          await client.query(`SELECT "to" FROM "EmailMessage" WHERE "to" ILIKE ANY($1)`, [like])
        ).rows,
        devMail: (
          await client.query(`SELECT "to" FROM "DevMail" WHERE "to" = ANY($1)`, [addresses])
        ).rows,
      };
    });
    expect(leftovers).toEqual({ users: [], tokens: [], mail: [], devMail: [] });
  });
});

describe("hostile session ids: DELETE /api/v1/me/sessions/{id}", () => {
  /** Sends each path segment as the id, with the live session; what went wrong. */
  async function deleteEach(segments: string[]): Promise<string[]> {
    const failures: string[] = [];
    for (const segment of segments) {
      const path = `/api/v1/me/sessions/${segment}`;
      const response = await rawRequest(`${server.url}${path}`, {
        method: "DELETE",
        headers: liveSession(path),
        timeoutMs: 12_000,
      });
      try {
        expectWellFormed(response, `DELETE ${path.slice(0, 120)}`);
        expect(response.status, path.slice(0, 120)).toBeGreaterThanOrEqual(400);
      } catch (error) {
        failures.push((error as Error).message.split("\n")[0]!);
      }
    }
    return failures;
  }

  it("hostile values, percent-encoded: never a 5xx, every refusal a problem", async () => {
    const ids = [...INJECTIONS, "../../api/v1/me/sessions", "%", "*", "{id}", "-1", big(5000)];
    expect(await deleteEach(ids.filter((id) => id.isWellFormed()).map(encodeURIComponent))).toEqual(
      [],
    );
  });

  it("malformed percent-encoding in the id: never a 5xx, every refusal a problem", async () => {
    // "%" and "%zz" decode to nothing; "%ED%A0%80" is a lone surrogate's CESU-8 bytes, not UTF-8.
    expect(await deleteEach(["%", "%zz", "%ED%A0%80"])).toEqual([]);
  });
});

describe("the app is still well after all of it", () => {
  it("keeps the session every signed-in request was sent with", async () => {
    const response = await rawRequest(`${server.url}/api/v1/me`, {
      method: "GET",
      headers: liveSession("/api/v1/me"),
    });
    expect(response.status).toBe(200);
  });

  it("answers health and serves a normal sign-up", async () => {
    expect((await describedFetch(`${server.url}/api/health`)).status).toBe(200);
    const response = await send(
      "/api/v1/signup",
      json({ email: uniqueEmail("after"), password: STRONG_PASSWORD }),
    );
    expect(response.status).toBe(202);
  });
});

describe("methods the API does not offer", () => {
  it("every /api/v1 path answers the methods it does not list with a 405 problem and Allow", async () => {
    const allowed = new Map<string, string[]>();
    for (const operation of operations) {
      const [method, path] = operation.split(" ") as [string, string];
      if (path.startsWith("/api/v1/")) allowed.set(path, [...(allowed.get(path) ?? []), method]);
    }
    expect(allowed.size).toBe(EXPECTED_POST_ROUTES.length + 4);
    const failures: string[] = [];
    for (const [path, methods] of allowed) {
      const url = `${server.url}${path.replace("{id}", "some-session-id")}`;
      for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE"]) {
        if (methods.includes(method)) continue;
        const response = await rawRequest(url, { method });
        const problem = response.json as Record<string, unknown> | undefined;
        const allow = (response.headers["allow"] ?? "").split(/,\s*/).sort();
        if (
          response.status !== 405 ||
          !/^application\/problem\+json/.test(response.headers["content-type"] ?? "") ||
          problem?.status !== 405 ||
          allow.join() !== [...methods].sort().join()
        )
          failures.push(
            `${method} ${path} → ${response.status} ${response.headers["content-type"] ?? "(no content type)"} Allow: ${allow} ${JSON.stringify(response.text.slice(0, 80))}`,
          );
      }
    }
    expect(failures).toEqual([]);
  });
});

describe("paths and methods under /api beyond /api/v1", () => {
  it("answers an unknown path with a 404 problem, and HEAD where GET is offered", async () => {
    for (const path of ["/api/nowhere", "/api/auth/session", "/api/v2/signup"]) {
      const response = await rawRequest(`${server.url}${path}`, { method: "GET" });
      expect(response.status, path).toBe(404);
      expect(response.headers["content-type"], path).toMatch(/^application\/problem\+json/);
    }
    const head = await rawRequest(`${server.url}/api/health`, { method: "HEAD" });
    expect(head.status).toBe(200);
    const post = await rawRequest(`${server.url}/api/health`, { method: "POST" });
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe("GET");
  });
});
