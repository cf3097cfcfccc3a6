import { readFile } from "node:fs/promises";
import path from "node:path";

// Scalar's API reference, as its own maintainers build it for the browser, served from
// this origin (the npm package), so /docs loads nothing from a CDN and works offline.
const BUNDLE = path.join(
  process.cwd(),
  "node_modules",
  "@scalar",
  "api-reference",
  "dist",
  "browser",
  "standalone.js",
);

export async function GET() {
  return new Response(await readFile(BUNDLE), {
    headers: {
      "Content-Type": "text/javascript; charset=utf-8",
      "Cache-Control": "public, max-age=86400",
    },
  });
}
