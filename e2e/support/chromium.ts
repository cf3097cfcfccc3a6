import { existsSync } from "node:fs";
import { chromium, type LaunchOptions } from "@playwright/test";

// How tests start Chromium: Debian's where it is installed (no browser download needed),
// else Playwright's own; without the background traffic a closed network refuses.
const systemChromium = "/usr/bin/chromium";

export const launchOptions: LaunchOptions = {
  ...(existsSync(systemChromium) ? { executablePath: systemChromium } : {}),
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
  ],
};

/** A browser for a test outside the Playwright runner (the API suites). */
export const launchChromium = () => chromium.launch(launchOptions);
