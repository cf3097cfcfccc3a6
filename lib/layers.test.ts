// Guards the layers of lib/ (eslint.config.mjs): a module that reaches into a layer above
// its own, a workflow that imports the framework, or a "use client" module that imports
// server code is refused by lint, before the build or a browser would find out.
import path from "node:path";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

// The project's own configuration; no-cycle is off as it cannot follow code that is not on
// disk (the cycle check runs with `npm run lint`).
const eslint = new ESLint({
  cwd: process.cwd(),
  overrideConfig: { rules: { "import/no-cycle": "off" } },
});

async function ruleIds(file: string, code: string): Promise<(string | null)[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(process.cwd(), file) });
  return result!.messages.map((m) => m.ruleId);
}

describe("lint", () => {
  it("refuses a client component that imports the database module", async () => {
    const code = `"use client";\nimport { db } from "@/lib/server/db";\nexport const x = db;\n`;
    expect(await ruleIds("components/example-form.tsx", code)).toContain(
      "triplock/client-boundary",
    );
  });

  it("lets a client component import what lib/shared holds, and types from anywhere", async () => {
    const code = `"use client";\nimport type { LiveSession } from "@/lib/auth/sessions";\nimport { signupRequest } from "@/lib/shared/schemas";\nexport const x: [typeof signupRequest, LiveSession | null] = [signupRequest, null];\n`;
    expect(await ruleIds("components/example-form.tsx", code)).toEqual([]);
  });

  it("refuses a module that imports from a layer above its own", async () => {
    const code = `import { completeLogin } from "../flows/login";\nexport const x = completeLogin;\n`;
    expect(await ruleIds("lib/auth/example.ts", code)).toContain("import/no-restricted-paths");
  });

  it("refuses a workflow that imports the framework", async () => {
    const code = `import { cookies } from "next/headers";\nexport const x = cookies;\n`;
    expect(await ruleIds("lib/flows/example.ts", code)).toContain("no-restricted-imports");
  });
});
