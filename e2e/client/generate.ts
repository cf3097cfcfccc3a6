import { writeFile } from "node:fs/promises";
import { openApiDocument } from "../../lib/web/openapi";
import { clientTypes } from "./types";

// Writes the typed client's types from the document the server serves; the typed-client
// test (e2e/api/typed-client.test.ts) fails while they are out of date.
void clientTypes(openApiDocument()).then((types) =>
  writeFile("e2e/client/triplock-api.d.ts", types),
);
