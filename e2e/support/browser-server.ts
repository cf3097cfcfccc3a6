import os from "node:os";
import path from "node:path";

// The server the browser tests run against (started by Playwright with ./serve.ts) and the
// file its log goes to, which the run's teardown checks for unhandled errors.
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3210);
export const SERVER_LOG = path.join(os.tmpdir(), `triplock-e2e-${E2E_PORT}.log`);
