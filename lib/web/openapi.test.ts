import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { lintFromString, loadConfig } from "@redocly/openapi-core";
import { describe, expect, it } from "vitest";
import { apiOperations, openApiDocument } from "./openapi";

// The document as a whole: Redocly's recommended rules, and one operation for every route
// handler there is (the API tests check every answer against it; see e2e/support/openapi.ts).

const document = openApiDocument();
const root = path.resolve(import.meta.dirname, "../..");

describe("the OpenAPI document", () => {
  it("passes Redocly's recommended rules with no error and no warning", async () => {
    const config = await loadConfig({ configPath: path.join(root, "redocly.yaml") });
    const problems = await lintFromString({
      source: JSON.stringify(document),
      // The address .redocly.lint-ignore.yaml names: the document of `npm run dev`.
      absoluteRef: "http://localhost:3000/api/openapi.json",
      config,
    });
    const reported = problems
      .filter((problem) => !problem.ignored)
      .map((p) => `${p.severity} ${p.ruleId}: ${p.message} (${p.location[0]?.pointer})`);
    expect(reported).toEqual([]);
    // The two probes, /api/health and /api/ready, that answer 200 or 503 and nothing else.
    expect(problems.filter((problem) => problem.ignored).map((p) => p.ruleId)).toEqual([
      "operation-4xx-response",
      "operation-4xx-response",
    ]);
  });

  it("describes exactly the methods the route handlers export", async () => {
    const handlers: string[] = [];
    for (const file of await readdir(path.join(root, "app/api"), { recursive: true })) {
      if (path.basename(file) !== "route.ts") continue;
      const route = `/api/${path.dirname(file)}`.replace(/\[(\w+)\]/g, "{$1}");
      if (route === "/api/openapi.json") continue; // the document itself
      const source = await readFile(path.join(root, "app/api", file), "utf8");
      for (const [, method] of source.matchAll(
        /^export (?:async function|const) (GET|POST|DELETE)\b/gm,
      ))
        handlers.push(`${method} ${route}`);
    }
    const documented = Object.entries(document.paths ?? {}).flatMap(([route, item]) =>
      ["get", "post", "delete"]
        .filter((method) => item && method in item)
        .map((method) => `${method.toUpperCase()} ${route}`),
    );
    expect(handlers.length).toBeGreaterThan(15);
    expect(documented.sort()).toEqual(handlers.sort());
  });

  it("is listed whole in the README's table of operations", async () => {
    const readme = await readFile(path.join(root, "README.md"), "utf8");
    for (const op of apiOperations)
      expect(readme).toContain(`| \`${op.method.toUpperCase()} ${op.path}\``);
  });

  it("gives every status its answer: 413 and 415 with a body, Retry-After with 429 and 503", () => {
    for (const op of apiOperations) {
      const responses = document.paths?.[op.path]?.[op.method]?.responses ?? {};
      const statuses = Object.keys(responses);
      if (op.body) expect(statuses, op.path).toEqual(expect.arrayContaining(["400", "413", "415"]));
      if (op.auth) expect(statuses, op.path).toContain("401");
      for (const status of ["429", "503"].filter((s) => s in responses)) {
        const response = responses[status] as { headers?: Record<string, unknown> };
        expect(Object.keys(response.headers ?? {}), `${op.path} ${status}`).toContain(
          "Retry-After",
        );
      }
    }
  });

  it("has an example request and response for every operation that takes a body", () => {
    for (const op of apiOperations.filter((op) => op.body)) {
      const operation = document.paths?.[op.path]?.[op.method];
      const request = operation?.requestBody as { content: Record<string, { example?: unknown }> };
      expect(request.content["application/json"]?.example, op.path).toBeDefined();
      const ok = operation?.responses?.[String(op.ok.status)] as {
        content?: Record<string, { example?: unknown }>;
      };
      if (ok.content) expect(ok.content["application/json"]?.example, op.path).toBeDefined();
    }
  });
});
