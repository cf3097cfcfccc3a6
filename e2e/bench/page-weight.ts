import { spawn } from "node:child_process";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { freePort } from "../support/test-server";

// JavaScript a page makes the browser download: every <script src> in its HTML, counted
// once, in bytes as served and gzipped.

export interface Weight {
  raw: number;
  gzip: number;
}

export async function pageWeight(baseUrl: string, pagePath: string): Promise<Weight> {
  const response = await fetch(new URL(pagePath, baseUrl));
  if (!response.ok) throw new Error(`GET ${pagePath}: ${response.status}`);
  const html = await response.text();
  const sources = new Set([...html.matchAll(/<script[^>]+src="([^"]+)"/g)].map((m) => m[1]!));
  const weight: Weight = { raw: 0, gzip: 0 };
  for (const src of sources) {
    const body = Buffer.from(await (await fetch(new URL(src, baseUrl))).arrayBuffer());
    weight.raw += body.length;
    weight.gzip += gzipSync(body).length;
  }
  return weight;
}

const FLOOR = path.join(import.meta.dirname, "floor");
const next = path.join(process.cwd(), "node_modules", "next", "dist", "bin", "next");

function run(args: string[], env: NodeJS.ProcessEnv) {
  return spawn(process.execPath, [next, ...args], {
    cwd: FLOOR,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
}

/** Builds the minimal app in ./floor with this project's Next.js and weighs its page. */
export async function floorWeight(): Promise<Weight> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
  };
  const build = run(["build"], env);
  let output = "";
  build.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  build.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise((resolve) => build.once("exit", resolve));
  if (code !== 0) throw new Error(`building the floor app failed:\n${output}`);

  const port = await freePort();
  const server = run(["start", "-p", String(port), "-H", "127.0.0.1"], env);
  server.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  server.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  try {
    const url = `http://127.0.0.1:${port}`;
    for (let i = 0; ; i++) {
      try {
        return await pageWeight(url, "/");
      } catch (error) {
        if (i > 300) throw new Error(`the floor app did not answer:\n${output}`, { cause: error });
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  } finally {
    server.kill("SIGTERM");
  }
}
