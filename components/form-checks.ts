// What forms check in the browser: the schemas (and zod with them) and the server's reading
// of a failure. useServerForm loads this once a form is in use; a form is shown without it.
export * as schemas from "@/lib/shared/schemas";
export { fieldErrors } from "@/lib/shared/validation";
