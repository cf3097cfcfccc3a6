import { defineConfig } from "@playwright/test";
import { E2E_PORT, SERVER_LOG } from "./e2e/support/browser-server";
import { launchOptions } from "./e2e/support/chromium";

// Browser tests run against the production build on a fresh database (e2e/support/serve.ts).
const baseURL = `http://127.0.0.1:${E2E_PORT}`;

export default defineConfig({
  testDir: "e2e/browser",
  // A stray test.only must not turn a CI run into a run of one test.
  forbidOnly: !!process.env.CI,
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  globalTeardown: "./e2e/support/browser-teardown.ts",
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    launchOptions,
  },
  projects: [
    { name: "chromium", use: { browserName: "chromium" } },
    {
      name: "chromium-no-js",
      use: { browserName: "chromium", javaScriptEnabled: false },
      grep: /@no-js/,
    },
  ],
  webServer: {
    command: `npx tsx e2e/support/serve.ts ${E2E_PORT} ${JSON.stringify(SERVER_LOG)}`,
    url: `${baseURL}/api/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
    stdout: "pipe",
  },
});
