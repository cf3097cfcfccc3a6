import { z } from "zod";
import { problems } from "./problems";
import * as schemas from "./schemas";

// The OpenAPI 3.1 document, generated from the zod schemas the route handlers validate
// with (every schema carrying a `.meta({ id })` becomes a component), so the document
// cannot drift from what the API accepts.

type Schema = z.ZodType;
type Status = number;

interface Operation {
  method: "get" | "post";
  path: string;
  summary: string;
  description: string;
  tag: string;
  auth?: "basic" | "bearer";
  body?: Schema;
  ok: { status: Status; schema?: Schema; description: string };
  errors: Status[];
}

const ref = (schema: Schema) => {
  const id = z.globalRegistry.get(schema)?.id;
  if (!id) throw new Error("Schemas used in the API document need a .meta({ id })");
  return { $ref: `#/components/schemas/${id}` };
};

const operations: Operation[] = [
  {
    method: "post",
    path: "/api/v1/signup",
    tag: "Account creation",
    summary: "Start a sign-up",
    description:
      "Emails a one-time link and an activation code. Answers 202 whether or not the address already has an account (the owner of an active account is mailed a notice instead). A new sign-up replaces a pending one.",
    body: schemas.signupRequest,
    ok: { status: 202, schema: schemas.messageResponse, description: "Mail queued." },
    errors: [400, 415, 429],
  },
  {
    method: "post",
    path: "/api/v1/signup/confirm",
    tag: "Account creation",
    summary: "Confirm with the emailed link and the password",
    description:
      "Activates the account and returns the TOTP key (secret, otpauth URI, QR code) and ten recovery codes. They are shown only once.",
    body: schemas.signupConfirmRequest,
    ok: { status: 200, schema: schemas.activationResponse, description: "Account active." },
    errors: [400, 401, 410],
  },
  {
    method: "post",
    path: "/api/v1/signup/activate",
    tag: "Account creation",
    summary: "Activate with HTTP Basic credentials and the emailed code",
    description:
      "The alternative to the link for programs: `Authorization: Basic base64(email:password)` and the code from the email. Only the newest code works; 5 failed attempts kill it.",
    auth: "basic",
    body: schemas.signupActivateRequest,
    ok: { status: 200, schema: schemas.activationResponse, description: "Account active." },
    errors: [400, 401, 410],
  },
  {
    method: "post",
    path: "/api/v1/signup/resend",
    tag: "Account creation",
    summary: "Send a new link and code",
    description:
      "Kills the earlier link and code of a pending sign-up and mails new ones. Answers the same for any address.",
    body: schemas.emailOnlyRequest,
    ok: {
      status: 202,
      schema: schemas.messageResponse,
      description: "Mail queued if a sign-up is pending.",
    },
    errors: [400, 429],
  },
  {
    method: "post",
    path: "/api/v1/login",
    tag: "Login",
    summary: "Start a login",
    description:
      "Emails a one-time login link and a code to an active account. Answers 202 for every address; pending and unknown addresses get no mail.",
    body: schemas.emailOnlyRequest,
    ok: {
      status: 202,
      schema: schemas.messageResponse,
      description: "Mail queued if the account is active.",
    },
    errors: [400, 429],
  },
  {
    method: "post",
    path: "/api/v1/login/complete",
    tag: "Login",
    summary: "Complete a login with the password and a TOTP or recovery code",
    description:
      "Proof of the email: the link's `token`, or `email` + `code` from the same email. Then `password` and `totp` (a TOTP step is accepted once) or one `recoveryCode` (single use). A wrong password and a wrong code give the same 401. 5 failures kill the link; repeated failures lock the account for a while (429 with Retry-After). Returns a bearer access token for a new session.",
    body: schemas.loginCompleteRequest,
    ok: { status: 200, schema: schemas.loginCompleteResponse, description: "Logged in." },
    errors: [400, 401, 410, 429],
  },
  {
    method: "get",
    path: "/api/v1/me",
    tag: "Session",
    summary: "Who am I",
    description: "The account behind the access token, with this login and the previous one.",
    auth: "bearer",
    ok: { status: 200, schema: schemas.meResponse, description: "The account." },
    errors: [401],
  },
  {
    method: "post",
    path: "/api/v1/logout",
    tag: "Session",
    summary: "Log out",
    description: "Revokes the session behind the access token at once; the token stops working.",
    auth: "bearer",
    ok: { status: 204, description: "Logged out." },
    errors: [401],
  },
  {
    method: "post",
    path: "/api/v1/account/delete",
    tag: "Account deletion",
    summary: "Ask to delete the account",
    description:
      "With the right email and password, emails a one-time deletion link (202). A wrong password and an unknown address get the same 401. Failures count towards the account lock.",
    body: schemas.accountDeleteRequest,
    ok: { status: 202, schema: schemas.messageResponse, description: "Deletion link mailed." },
    errors: [400, 401, 429],
  },
  {
    method: "post",
    path: "/api/v1/account/delete/confirm",
    tag: "Account deletion",
    summary: "Delete the account with the emailed link's token",
    description:
      "Deletes the account and everything that belongs to it in one transaction, ends every session and access token at once, and mails a confirmation. The address can sign up again.",
    body: schemas.accountDeleteConfirmRequest,
    ok: { status: 200, schema: schemas.messageResponse, description: "Account deleted." },
    errors: [400, 410],
  },
  {
    method: "get",
    path: "/api/health",
    tag: "Operations",
    summary: "Health check",
    description: "200 when the app and its database answer, 503 otherwise.",
    ok: { status: 200, description: "Healthy." },
    errors: [503],
  },
];

const errorDescriptions: Record<Status, string> = Object.fromEntries(
  Object.values(problems).map((p) => [p.status, p.title]),
);
Object.assign(errorDescriptions, {
  400: "Invalid request (validation_failed, weak_password, malformed_request)",
  401: "Not authenticated (invalid_credentials, wrong_password, invalid_code, unauthenticated)",
  410: "Link or code no longer usable (token_expired, token_used, token_invalid, code_expired)",
  429: "Rate limited; see Retry-After",
});

function operationObject(op: Operation) {
  const problem = { "application/problem+json": { schema: ref(schemas.problemResponse) } };
  return {
    tags: [op.tag],
    summary: op.summary,
    description: op.description,
    operationId: `${op.method}${op.path.replace(/^\/api/, "").replace(/\/(\w)/g, (_, c: string) => c.toUpperCase())}`,
    ...(op.auth ? { security: [{ [op.auth]: [] }] } : {}),
    ...(op.body
      ? {
          requestBody: {
            required: true,
            content: { "application/json": { schema: ref(op.body) } },
          },
        }
      : {}),
    responses: {
      [op.ok.status]: {
        description: op.ok.description,
        ...(op.ok.schema ? { content: { "application/json": { schema: ref(op.ok.schema) } } } : {}),
      },
      ...Object.fromEntries(
        op.errors.map((s) => [
          s,
          { description: errorDescriptions[s] ?? "Error", content: problem },
        ]),
      ),
    },
  };
}

export function openApiDocument(serverUrl: string) {
  const { schemas: components } = z.toJSONSchema(z.globalRegistry, {
    io: "input",
    uri: (id) => `#/components/schemas/${id}`,
    unrepresentable: "any",
  });
  for (const schema of Object.values(components)) {
    delete schema.$schema;
    delete schema.$id;
  }
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations) (paths[op.path] ??= {})[op.method] = operationObject(op);

  return {
    openapi: "3.1.0",
    info: {
      title: "Triplock API",
      version: "1.0.0",
      description:
        "Multi-factor account creation, login and deletion: an emailed one-time link (or code), a password and a TOTP authenticator. Errors are RFC 9457 problem details with a stable `code`.",
    },
    servers: [{ url: serverUrl }],
    tags: [
      { name: "Account creation" },
      { name: "Login" },
      { name: "Session" },
      { name: "Account deletion" },
      { name: "Operations" },
    ],
    paths,
    components: {
      schemas: components,
      securitySchemes: {
        basic: { type: "http", scheme: "basic", description: "email:password" },
        bearer: {
          type: "http",
          scheme: "bearer",
          description: "Access token from POST /api/v1/login/complete",
        },
      },
    },
  };
}

export { operations as apiOperations };
