// The catalogue of everything that can go wrong, in plain words. The API renders these as
// RFC 9457 problem details (`type`, `title`, `status`, `detail`, `code`); pages show the
// same detail text, so a user and a program are told the same thing.

export const problems = {
  validation_failed: { status: 400, title: "Some fields need attention" },
  weak_password: { status: 400, title: "Choose a different password" },
  malformed_request: { status: 400, title: "The request could not be read" },
  nothing_to_confirm: { status: 400, title: "Nothing to confirm" },
  unsupported_media_type: { status: 415, title: "Send JSON" },
  payload_too_large: { status: 413, title: "The request is too large" },
  invalid_credentials: { status: 401, title: "Wrong credentials" },
  wrong_password: { status: 401, title: "Wrong password" },
  unauthenticated: { status: 401, title: "Sign in required" },
  token_expired: { status: 410, title: "This link has expired" },
  token_used: { status: 410, title: "This link has already been used" },
  token_invalid: { status: 410, title: "This link is not valid" },
  code_expired: { status: 410, title: "This code has expired" },
  rate_limited: { status: 429, title: "Too many attempts" },
  not_found: { status: 404, title: "Not found" },
  method_not_allowed: { status: 405, title: "Method not allowed" },
  service_unavailable: { status: 503, title: "Temporarily unavailable" },
  internal_error: { status: 500, title: "Something went wrong" },
} as const;

export type ProblemCode = keyof typeof problems;

export type FieldErrors = Record<string, string[]>;

export class AppError extends Error {
  readonly code: ProblemCode;
  readonly status: number;
  readonly title: string;
  readonly fieldErrors?: FieldErrors;
  readonly retryAfterSeconds?: number;

  constructor(
    code: ProblemCode,
    detail: string,
    extra: { fieldErrors?: FieldErrors; retryAfterSeconds?: number } = {},
  ) {
    super(detail);
    this.name = "AppError";
    this.code = code;
    this.status = problems[code].status;
    this.title = problems[code].title;
    this.fieldErrors = extra.fieldErrors;
    this.retryAfterSeconds = extra.retryAfterSeconds;
  }
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ProblemCode;
  errors?: FieldErrors;
  retryAfter?: number;
}

export function toProblem(error: AppError): Problem {
  return {
    type: `/docs#problem-${error.code}`,
    title: error.title,
    status: error.status,
    detail: error.message,
    code: error.code,
    ...(error.fieldErrors ? { errors: error.fieldErrors } : {}),
    ...(error.retryAfterSeconds !== undefined ? { retryAfter: error.retryAfterSeconds } : {}),
  };
}
