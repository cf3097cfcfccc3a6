import { readFileSync } from "node:fs";
import { SERVER_LOG } from "./browser-server";
import { failOnUnhandledErrors } from "./server-errors";

// Playwright ignores how its web server exits, so the browser run checks the server's log
// itself, before the server is stopped.
export default function checkServerLog(): void {
  failOnUnhandledErrors(readFileSync(SERVER_LOG, "utf8"), "The browser tests' server");
}
