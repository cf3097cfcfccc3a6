// What the workflows need to know about the request they serve, whether it came from a page
// (lib/web/request-context.ts reads it from the headers) or from the API.
export interface RequestContext {
  /** The client's address (lib/web/client-ip.ts). */
  ip: string;
  userAgent?: string;
}
