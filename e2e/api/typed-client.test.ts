// The typed client of the README: its types are what openapi-typescript makes of the
// document the server serves, and its walk-through runs against a real server.
import { readFile } from "node:fs/promises";
import createClient from "openapi-fetch";
import { describe, expect, it } from "vitest";
import { baseUrl, STRONG_PASSWORD, uniqueEmail } from "../support/api";
import { clientTypes } from "../client/types";
import type { paths } from "../client/triplock-api";
import { walkThrough } from "../client/walkthrough";
import { codeIn } from "../support/fake-resend";
import { waitForMail } from "../support/mailbox";
import { expectDescribed } from "../support/openapi";
import { nextTotp } from "../support/totp";

const read = (file: string) => readFile(new URL(file, import.meta.url), "utf8");

describe("the typed client", () => {
  it("has the types of the document the server serves (npm run api:types)", async () => {
    const document = await (await fetch(`${baseUrl()}/api/openapi.json`)).json();
    expect(await read("../client/triplock-api.d.ts")).toBe(await clientTypes(document));
  });

  it("walks through sign-up, activation by code, login by code and /me", async () => {
    // Every answer the client receives is checked against the document too.
    const api = createClient<paths>({
      baseUrl: baseUrl(),
      fetch: async (request) => {
        const response = await fetch(request);
        const { method, url } = request;
        const text = await response.clone().text();
        await expectDescribed({
          method,
          url,
          status: response.status,
          headers: response.headers,
          text,
        });
        return response;
      },
    });
    const email = uniqueEmail("typed");
    let codes = 0;
    const { me, recoveryCodes } = await walkThrough(
      api,
      { email, password: STRONG_PASSWORD },
      async (to) => codeIn((await waitForMail(baseUrl(), to, /./, { count: ++codes })).text),
      nextTotp,
    );
    expect(me.email).toBe(email);
    expect(me.lastLoginAt).not.toBeNull();
    expect(recoveryCodes).toHaveLength(10);
  });

  it("is shown in the README as it is tested", async () => {
    const readme = await read("../../README.md");
    const walkthrough = await read("../client/walkthrough.ts");
    expect(readme).toContain(walkthrough.trim());
  });
});
