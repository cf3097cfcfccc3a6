import path from "node:path";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

// lib/ is layered; each layer imports only from the layers below it (README, Architecture):
// shared (safe in the browser) < server (start-up, config, database, worker) < crypto <
// email < auth (one-time tokens, sessions, limits, passwords, MFA) < flows (the workflows)
// < web (the HTTP and page edge) < lib/startup.ts, app/, components/.
const layers = ["shared", "server", "crypto", "email", "auth", "flows", "web"];
const above = (index) => [
  ...layers.slice(index + 1).map((layer) => `./lib/${layer}`),
  "./lib/startup.ts",
  "./app",
  "./components",
];
const layerZones = layers.map((layer, index) => ({
  target: `./lib/${layer}`,
  from: above(index),
  message: `lib/${layer} may only import from the layers below it.`,
}));

const root = import.meta.dirname;
const libDir = path.join(root, "lib") + path.sep;
const sharedDir = path.join(root, "lib", "shared") + path.sep;

// A file marked "use client" runs in the browser: of lib/, only lib/shared/ may go there.
// (Type-only imports are erased, and server actions are imported by design.)
const clientBoundary = {
  meta: {
    type: "problem",
    messages: {
      server:
        'A "use client" module cannot import {{source}}: of lib/, only lib/shared/ runs in the browser.',
    },
  },
  create(context) {
    let client = false;
    return {
      Program(node) {
        client = node.body.some(
          (s) => s.type === "ExpressionStatement" && s.directive === "use client",
        );
      },
      ImportDeclaration(node) {
        const source = node.source.value;
        if (!client || node.importKind === "type" || typeof source !== "string") return;
        const target = source.startsWith("@/")
          ? path.join(root, source.slice(2))
          : source.startsWith(".")
            ? path.resolve(path.dirname(context.filename), source)
            : null;
        if (
          source === "server-only" ||
          (target?.startsWith(libDir) && !target.startsWith(sharedDir))
        )
          context.report({ node, messageId: "server", data: { source } });
      },
    };
  },
};

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: [
      "**/.next/**",
      ".data/**",
      "lib/generated/**",
      "e2e/client/triplock-api.d.ts",
      "test-results/**",
      "playwright-report/**",
    ],
  },
  {
    files: ["app/**/*.{ts,tsx}", "components/**/*.{ts,tsx}", "lib/**/*.{ts,tsx}", "*.ts"],
    plugins: { triplock: { rules: { "client-boundary": clientBoundary } } },
    rules: {
      "triplock/client-boundary": "error",
      "import/no-cycle": "error",
      "import/no-restricted-paths": ["error", { zones: layerZones }],
    },
  },
  {
    // The workflows and the mechanisms below them are plain TypeScript: no framework.
    files: ["lib/{shared,server,crypto,email,auth,flows}/**/*.{ts,tsx,mjs}"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["next", "next/*", "next-auth", "next-auth/*", "react", "react-dom"],
              message: "Workflows and mechanisms stay free of the framework; see lib/web/.",
            },
          ],
        },
      ],
    },
  },
];

export default config;
