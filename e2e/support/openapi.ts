import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { noteAnswer, noteRequest } from "./secrets-seen";

// Every answer the API tests receive is checked against the OpenAPI document the server
// serves (/api/openapi.json): the status must be one the operation documents, the content
// type one documented for that status, the body valid against its schema (JSON Schema
// 2020-12, as OpenAPI 3.1 uses), and the headers it requires present. call(), rawRequest(),
// the mailbox and describedFetch() all check, so a test cannot receive an undocumented answer.

interface Answer {
  method: string;
  url: string;
  status: number;
  headers: Headers | Record<string, string>;
  text: string;
}

interface Response {
  headers?: Record<string, { required?: boolean }>;
  content?: Record<string, { schema: unknown }>;
}
interface Document {
  paths: Record<string, Record<string, { responses: Record<string, Response> }>>;
}

const documents = new Map<string, Promise<{ document: Document; ajv: Ajv2020 }>>();

function load(origin: string) {
  let loaded = documents.get(origin);
  if (!loaded) {
    loaded = fetch(`${origin}/api/openapi.json`).then(async (response) => {
      if (!response.ok) throw new Error(`GET ${origin}/api/openapi.json: ${response.status}`);
      const document = (await response.json()) as Document;
      const ajv = new Ajv2020({ strict: false, allErrors: true });
      addFormats(ajv);
      ajv.addSchema(document, "openapi.json");
      return { document, ajv };
    });
    documents.set(origin, loaded);
  }
  return loaded;
}

const pointer = (...parts: string[]) =>
  parts.map((part) => part.replaceAll("~", "~0").replaceAll("/", "~1")).join("/");

function header(headers: Answer["headers"], name: string): string | null {
  return headers instanceof Headers ? headers.get(name) : (headers[name.toLowerCase()] ?? null);
}

/** The problems with an answer, or [] when the document describes it. */
export async function undescribed(answer: Answer): Promise<string[]> {
  const url = new URL(answer.url);
  // Pages are not the API; the document does not describe itself.
  if (!url.pathname.startsWith("/api/") || url.pathname === "/api/openapi.json") return [];
  const { document, ajv } = await load(url.origin);
  const what = `${answer.method} ${url.pathname} → ${answer.status}`;
  const template = Object.keys(document.paths).find((path) =>
    new RegExp(`^${path.replace(/\{\w+\}/g, "[^/]+")}$`).test(url.pathname),
  );
  // HEAD is GET without the body.
  const head = answer.method === "HEAD";
  const method = head ? "get" : answer.method.toLowerCase();
  const operation = template ? document.paths[template]?.[method] : undefined;
  // Unknown paths and methods: 404 and 405 as problem details (the document's description).
  const responsePointer = operation
    ? pointer("paths", template!, method, "responses", String(answer.status))
    : answer.status === 404 || answer.status === 405
      ? null
      : undefined;
  if (responsePointer === undefined) return [`${what}: no such operation in the document`];
  const described = responsePointer
    ? operation!.responses[String(answer.status)]
    : {
        content: {
          "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } },
        },
      };
  if (!described) return [`${what}: status not documented`];

  const problems: string[] = [];
  for (const [name, spec] of Object.entries(described.headers ?? {}))
    if (spec.required && header(answer.headers, name) === null)
      problems.push(`${what}: no ${name} header`);
  const contentType = header(answer.headers, "content-type")?.split(";")[0]?.trim() ?? "";
  if (head) return problems;
  if (!described.content) {
    if (answer.text !== "") problems.push(`${what}: a body where none is documented`);
    return problems;
  }
  if (!(contentType in described.content)) {
    problems.push(
      `${what}: Content-Type ${contentType || "(none)"}, documented: ${Object.keys(described.content).join(", ")}`,
    );
    return problems;
  }
  let body: unknown;
  try {
    body = JSON.parse(answer.text);
  } catch {
    return [...problems, `${what}: the body is not JSON: ${answer.text.slice(0, 200)}`];
  }
  const validate = responsePointer
    ? ajv.getSchema(`openapi.json#/${responsePointer}/content/${pointer(contentType)}/schema`)
    : ajv.getSchema("openapi.json#/components/schemas/Problem");
  if (!validate) return [...problems, `${what}: no schema to validate with`];
  if (!validate(body))
    problems.push(
      `${what}: ${ajv.errorsText(validate.errors, { dataVar: "body" })}\n${JSON.stringify(body).slice(0, 500)}`,
    );
  if (
    contentType === "application/problem+json" &&
    (body as { status?: unknown }).status !== answer.status
  )
    problems.push(`${what}: the problem's status is not the answer's`);
  return problems;
}

/** Throws unless the document describes the answer. */
export async function expectDescribed(answer: Answer): Promise<void> {
  noteAnswer(answer.text);
  const problems = await undescribed(answer);
  if (problems.length) throw new Error(`Not as /api/openapi.json says:\n${problems.join("\n")}`);
}

/** fetch(), checking the answer against the document; the Response is returned unread. */
export async function describedFetch(
  url: string,
  init: RequestInit = {},
): Promise<globalThis.Response> {
  noteRequest(
    typeof init.body === "string" ? init.body : undefined,
    Object.fromEntries(new Headers(init.headers).entries()),
  );
  const response = await fetch(url, init);
  await expectDescribed({
    method: init.method ?? "GET",
    url,
    status: response.status,
    headers: response.headers,
    text: await response.clone().text(),
  });
  return response;
}
