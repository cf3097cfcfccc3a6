import type { Metadata } from "next";
import { config } from "@/lib/config";
import { openApiDocument } from "@/lib/openapi";
import { problems } from "@/lib/problems";

export const metadata: Metadata = { title: "API documentation" };

// Human documentation rendered on the server from the OpenAPI document itself: no
// third-party viewer, nothing fetched from a CDN, works offline.

interface JsonSchema {
  type?: string;
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  $ref?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  format?: string;
  example?: unknown;
}

interface OperationObject {
  summary: string;
  description: string;
  operationId: string;
  tags: string[];
  security?: Record<string, string[]>[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
  responses: Record<
    string,
    { description: string; content?: Record<string, { schema: JsonSchema }> }
  >;
}

const refName = (schema?: JsonSchema) => schema?.$ref?.split("/").pop();

function constraints(s: JsonSchema): string {
  const parts: string[] = [];
  if (s.format) parts.push(s.format);
  if (s.minLength !== undefined) parts.push(`min ${s.minLength}`);
  if (s.maxLength !== undefined) parts.push(`max ${s.maxLength}`);
  if (s.pattern) parts.push(`pattern ${s.pattern}`);
  return parts.join(", ");
}

function SchemaTable({ name, schemas }: { name: string; schemas: Record<string, JsonSchema> }) {
  const schema = schemas[name];
  if (!schema?.properties) return null;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">{name} fields</caption>
        <thead className="text-fg-muted">
          <tr>
            <th scope="col" className="py-1.5 pr-4 font-medium">
              Field
            </th>
            <th scope="col" className="py-1.5 pr-4 font-medium">
              Type
            </th>
            <th scope="col" className="py-1.5 font-medium">
              Notes
            </th>
          </tr>
        </thead>
        <tbody>
          {Object.entries(schema.properties).map(([field, s]) => (
            <tr key={field} className="border-t border-border align-top">
              <td className="py-1.5 pr-4 font-mono text-xs">
                {field}
                {schema.required?.includes(field) ? "" : "?"}
              </td>
              <td className="py-1.5 pr-4 font-mono text-xs">
                {refName(s) ?? (s.type === "array" ? `${s.items?.type}[]` : (s.type ?? "object"))}
              </td>
              <td className="py-1.5 text-fg-muted">
                {s.description}
                {constraints(s) && (
                  <span className="block font-mono text-xs">{constraints(s)}</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export default function DocsPage() {
  const doc = openApiDocument(config().appUrl);
  const schemas = doc.components.schemas as Record<string, JsonSchema>;
  const paths = doc.paths as Record<string, Record<string, OperationObject>>;

  return (
    <div className="mx-auto w-full max-w-4xl px-4 py-10">
      <div className="prose-like space-y-3">
        <h1 className="text-3xl font-semibold tracking-tight text-fg">{doc.info.title}</h1>
        <p className="text-fg-muted">{doc.info.description}</p>
        <p className="text-sm text-fg-muted">
          Machine-readable:{" "}
          <a
            href="/api/openapi.json"
            className="font-medium text-accent-text underline underline-offset-4"
          >
            /api/openapi.json
          </a>{" "}
          (OpenAPI {doc.openapi}). Base URL:{" "}
          <code className="font-mono">{doc.servers[0]?.url}</code>. Request bodies are JSON (
          <code className="font-mono">Content-Type: application/json</code>, at most 64 KiB).
        </p>
      </div>

      <nav aria-label="Endpoints" className="mt-8 rounded-lg border border-border bg-surface p-4">
        <h2 className="mb-2 text-sm font-semibold text-fg">Endpoints</h2>
        <ul className="space-y-1 text-sm">
          {Object.entries(paths).flatMap(([path, methods]) =>
            Object.entries(methods).map(([method, op]) => (
              <li key={op.operationId}>
                <a
                  href={`#${op.operationId}`}
                  className="text-accent-text underline-offset-4 hover:underline"
                >
                  <span className="font-mono text-xs font-semibold uppercase">{method}</span>{" "}
                  <span className="font-mono">{path}</span>
                </a>{" "}
                <span className="text-fg-muted">— {op.summary}</span>
              </li>
            )),
          )}
        </ul>
      </nav>

      <div className="mt-10 space-y-10">
        {Object.entries(paths).flatMap(([path, methods]) =>
          Object.entries(methods).map(([method, op]) => {
            const body = refName(op.requestBody?.content["application/json"]?.schema);
            return (
              <section
                key={op.operationId}
                id={op.operationId}
                aria-labelledby={`${op.operationId}-title`}
                className="scroll-mt-20 space-y-4 rounded-xl border border-border bg-surface p-6"
              >
                <h2
                  id={`${op.operationId}-title`}
                  className="flex flex-wrap items-center gap-3 text-lg font-semibold text-fg"
                >
                  <span className="rounded-md bg-accent-soft px-2 py-0.5 font-mono text-xs uppercase text-accent-text">
                    {method}
                  </span>
                  <span className="font-mono text-base">{path}</span>
                </h2>
                <p className="font-medium text-fg">{op.summary}</p>
                <p className="text-sm text-fg-muted">{op.description}</p>
                {op.security && (
                  <p className="text-sm text-fg">
                    Authentication:{" "}
                    <strong>
                      {Object.keys(op.security[0] ?? {})[0] === "basic"
                        ? "HTTP Basic (email:password)"
                        : "Bearer access token"}
                    </strong>
                  </p>
                )}
                {body && (
                  <div className="space-y-2">
                    <h3 className="text-sm font-semibold text-fg">
                      Request body{" "}
                      <span className="font-mono font-normal text-fg-muted">{body}</span>
                    </h3>
                    <SchemaTable name={body} schemas={schemas} />
                  </div>
                )}
                <div className="space-y-2">
                  <h3 className="text-sm font-semibold text-fg">Responses</h3>
                  <ul className="space-y-1 text-sm">
                    {Object.entries(op.responses).map(([status, r]) => {
                      const schema = refName(Object.values(r.content ?? {})[0]?.schema);
                      return (
                        <li key={status}>
                          <span className="font-mono font-semibold">{status}</span>{" "}
                          <span className="text-fg-muted">{r.description}</span>
                          {schema && schema !== "Problem" && (
                            <span className="font-mono text-xs text-fg-muted"> → {schema}</span>
                          )}
                        </li>
                      );
                    })}
                  </ul>
                </div>
              </section>
            );
          }),
        )}
      </div>

      <section aria-labelledby="schemas-title" className="mt-12 space-y-6">
        <h2 id="schemas-title" className="text-2xl font-semibold text-fg">
          Response shapes
        </h2>
        {["Activation", "User", "LoginResult", "Me", "Message", "Problem"]
          .filter((n) => schemas[n])
          .map((name) => (
            <div key={name} className="space-y-2">
              <h3 className="font-mono text-sm font-semibold text-fg">{name}</h3>
              <SchemaTable name={name} schemas={schemas} />
            </div>
          ))}
      </section>

      <section aria-labelledby="problems-title" className="mt-12 space-y-4">
        <h2 id="problems-title" className="text-2xl font-semibold text-fg">
          Error codes
        </h2>
        <p className="text-sm text-fg-muted">
          Every error is <code className="font-mono">application/problem+json</code> (RFC 9457) with
          a stable <code className="font-mono">code</code>; validation errors add{" "}
          <code className="font-mono">errors</code> per field, rate limits a{" "}
          <code className="font-mono">Retry-After</code> header.
        </p>
        <dl className="divide-y divide-border rounded-lg border border-border bg-surface">
          {Object.entries(problems).map(([code, p]) => (
            <div
              key={code}
              id={`problem-${code}`}
              className="flex flex-wrap gap-x-4 px-4 py-2 text-sm"
            >
              <dt className="w-56 font-mono">{code}</dt>
              <dd className="text-fg-muted">
                <span className="font-mono">{p.status}</span> — {p.title}
              </dd>
            </div>
          ))}
        </dl>
      </section>
    </div>
  );
}
