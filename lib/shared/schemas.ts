import * as z from "zod/mini";
import en from "zod/v4/locales/en.js";
import { newPasswordSchema, passwordSchema } from "./password-policy";
import { problems, type ProblemCode } from "./problems";
import { meta } from "./schema-meta";

// Request and response shapes: the single source for form validation, API validation,
// TypeScript types and the OpenAPI document (lib/web/openapi.ts). Written with zod/mini, as
// the forms bring them to the browser: the same checks as zod's full build, in a fraction
// of the code.

// zod/mini has no messages of its own: what the schemas leave to zod (a number where a
// string belongs) is said in English, as zod's full build says it.
z.config(en());

export const emailSchema = meta(
  z.pipe(
    z
      .string({ error: "Enter your email address." })
      .check(z.trim(), z.toLowerCase(), z.maxLength(254, "That email address is too long.")),
    z.email({ error: "Enter a valid email address, like name@example.com." }),
  ),
  { description: "Email address (case-insensitive).", example: "ada@example.com", format: "email" },
);

export const linkTokenSchema = meta(
  z
    .string({ error: "The link is missing its token." })
    .check(
      z.minLength(16, "This link is not valid."),
      z.maxLength(128, "This link is not valid."),
      z.regex(/^[A-Za-z0-9_-]+$/, "This link is not valid."),
    ),
  { description: "The `token` parameter of the emailed link." },
);

export const numericCodeSchema = meta(
  z
    .string({ error: "Enter the code from the email." })
    .check(z.trim(), z.regex(/^\d{4,10}$/, "Enter the code from the email (digits only).")),
  { description: "The numeric code from the email.", example: "123456" },
);

export const signupRequest = meta(
  z.object({
    email: emailSchema,
    password: newPasswordSchema,
    name: meta(
      z.pipe(
        z.optional(
          z.string().check(
            z.trim(),
            z.maxLength(100, "Use at most 100 characters."),
            z.refine(
              (v) => !/[\u0000-\u001f\u007f]/.test(v),
              "Use letters, digits and punctuation only.",
            ),
          ),
        ),
        z.transform((v) => v || undefined),
      ),
      { description: "Display name (optional).", example: "Ada Lovelace" },
    ),
  }),
  { id: "SignupRequest" },
);

export const signupConfirmRequest = meta(
  z.object({ token: linkTokenSchema, password: passwordSchema }),
  { id: "SignupConfirmRequest" },
);

/** What the confirmation page asks for; the token comes from the link. */
export const signupConfirmForm = z.pick(signupConfirmRequest, { password: true });

export const signupActivateRequest = meta(z.object({ code: numericCodeSchema }), {
  id: "SignupActivateRequest",
});

export const emailOnlyRequest = meta(z.object({ email: emailSchema }), { id: "EmailRequest" });

export const messageResponse = meta(z.object({ message: z.string() }), { id: "Message" });

export const userResponse = meta(
  z.object({
    id: z.string(),
    email: z.string(),
    name: z.nullable(z.string()),
    createdAt: z.iso.datetime(),
  }),
  { id: "User" },
);

const totpEnrolmentSchema = z.object({
  secret: meta(z.string(), { description: "Base32 TOTP key (SHA-1, 6 digits, 30 s)." }),
  uri: meta(z.string(), { description: "otpauth:// URI for authenticator apps." }),
  qrSvg: meta(z.string(), { description: "The URI as a QR code, an SVG document." }),
});

export const activationResponse = meta(
  z.object({
    message: z.string(),
    user: userResponse,
    totp: totpEnrolmentSchema,
    recoveryCodes: meta(z.array(z.string()), {
      description: "Ten single-use recovery codes, shown only this once.",
    }),
  }),
  { id: "Activation" },
);

export const problemResponse = meta(
  z.object({
    type: z.string(),
    title: z.string(),
    status: z.number().check(z.int()),
    detail: z.string(),
    code: meta(z.enum(Object.keys(problems) as [ProblemCode, ...ProblemCode[]]), {
      description: "Stable machine-readable error code.",
    }),
    errors: z.optional(z.record(z.string(), z.array(z.string()))),
    retryAfter: z.optional(z.number().check(z.int())),
  }),
  { id: "Problem" },
);

export type SignupRequest = z.infer<typeof signupRequest>;
export type SignupConfirmRequest = z.infer<typeof signupConfirmRequest>;
export type ActivationResponse = z.infer<typeof activationResponse>;

export const totpCodeSchema = meta(
  z.pipe(
    z.pipe(
      z.string({ error: "Enter the 6-digit code from your authenticator app." }).check(z.trim()),
      z.transform((v: string) => v.replace(/\s/g, "")),
    ),
    z.string().check(z.regex(/^\d{6}$/, "Enter the 6-digit code from your authenticator app.")),
  ),
  { description: "Current 6-digit code from the authenticator app.", example: "123456" },
);

export const totpCheckRequest = meta(z.object({ code: totpCodeSchema }), {
  id: "TotpCheckRequest",
});

export const recoveryCodeSchema = meta(
  z
    .string({ error: "Enter one of your recovery codes." })
    .check(
      z.trim(),
      z.minLength(10, "Enter one of your recovery codes, like abcde-fghjk."),
      z.maxLength(32, "Enter one of your recovery codes, like abcde-fghjk."),
    ),
  { description: "One unused recovery code, instead of `totp`.", example: "abcde-fghjk" },
);

// What a request proven by email carries: the link's token, or the address with the code
// from the same email; and a second factor: a TOTP code, or one recovery code in its place.
const emailedProof = {
  token: z.optional(linkTokenSchema),
  email: z.optional(emailSchema),
  code: z.optional(numericCodeSchema),
};
const secondFactor = {
  totp: z.optional(totpCodeSchema),
  recoveryCode: z.optional(recoveryCodeSchema),
};

function requireEmailedProof(
  v: { token?: string; email?: string; code?: string },
  ctx: z.core.$RefinementCtx,
) {
  if (!v.token && !(v.email && v.code)) {
    ctx.addIssue({
      code: "custom",
      path: ["token"],
      message: "Send the link's token, or the email address and the code from the email.",
    });
  }
}

function requireOneSecondFactor(
  v: { totp?: string; recoveryCode?: string },
  ctx: z.core.$RefinementCtx,
) {
  if ((v.totp === undefined) === (v.recoveryCode === undefined)) {
    ctx.addIssue({
      code: "custom",
      path: ["totp"],
      message: "Send either an authenticator code or a recovery code.",
    });
  }
}

export const loginCompleteRequest = meta(
  z
    .object({ ...emailedProof, password: passwordSchema, ...secondFactor })
    .check(z.superRefine(requireEmailedProof), z.superRefine(requireOneSecondFactor)),
  {
    id: "LoginCompleteRequest",
    description:
      "`token` (from the link) or `email` + `code` (from the email); `password`; `totp` or `recoveryCode`.",
  },
);

export const loginCompleteResponse = meta(
  z.object({
    message: z.string(),
    previousLoginAt: meta(z.nullable(z.iso.datetime()), {
      description: "The login before this one; null on the first login.",
    }),
    accessToken: meta(z.string(), {
      description: "Bearer token for the API; revoked by POST /api/v1/logout.",
    }),
    tokenType: z.literal("Bearer"),
    expiresAt: z.iso.datetime(),
  }),
  { id: "LoginResult" },
);

export const meResponse = meta(
  z.object({
    id: z.string(),
    email: z.string(),
    name: z.nullable(z.string()),
    createdAt: z.iso.datetime(),
    lastLoginAt: meta(z.nullable(z.iso.datetime()), { description: "This login." }),
    previousLoginAt: meta(z.nullable(z.iso.datetime()), {
      description: "The login before this one.",
    }),
  }),
  { id: "Me" },
);

export type LoginCompleteRequest = z.infer<typeof loginCompleteRequest>;
export type LoginCompleteResponse = z.infer<typeof loginCompleteResponse>;
export type MeResponse = z.infer<typeof meResponse>;
export type SessionsResponse = z.infer<typeof sessionsResponse>;

// Form fields arrive as "" when left empty; for optional fields that means "not given".
const blankAsMissing = <S extends z.core.SomeType>(schema: S) =>
  z.pipe(
    z.transform((v: unknown): unknown => (v === "" || v === null ? undefined : v)),
    z.optional(schema),
  );

/** The second step of login in the browser: password, then a TOTP or a recovery code. */
export const loginFactorsForm = z
  .object({
    password: passwordSchema,
    totp: blankAsMissing(totpCodeSchema),
    recoveryCode: blankAsMissing(recoveryCodeSchema),
  })
  .check(z.superRefine(requireTotpOrRecoveryCode));

/** The same, on the page where the login started: with the code from the email. */
export const loginByCodeForm = z.intersection(
  loginFactorsForm,
  z.object({ email: emailSchema, code: numericCodeSchema }),
);

export const regenerateRecoveryCodesForm = meta(
  z.object({ password: passwordSchema, totp: totpCodeSchema }),
  { id: "RecoveryCodesRequest" },
);

export const recoveryCodesResponse = meta(
  z.object({
    message: z.string(),
    recoveryCodes: meta(z.array(z.string()), {
      description: "Ten new single-use recovery codes, shown only this once.",
    }),
  }),
  { id: "RecoveryCodes" },
);

export const passwordResetRequest = meta(
  z
    .object({ ...emailedProof, ...secondFactor, newPassword: newPasswordSchema })
    .check(z.superRefine(requireEmailedProof), z.superRefine(requireOneSecondFactor)),
  {
    id: "PasswordResetRequest",
    description:
      "`token` (from the link) or `email` + `code` (from the email); `totp` or `recoveryCode`; `newPassword`.",
  },
);

export const passwordChangeRequest = meta(
  z
    .object({ currentPassword: passwordSchema, ...secondFactor, newPassword: newPasswordSchema })
    .check(z.superRefine(requireOneSecondFactor)),
  { id: "PasswordChangeRequest" },
);

export const authenticatorRequest = meta(
  z
    .object({ password: passwordSchema, ...secondFactor })
    .check(z.superRefine(requireOneSecondFactor)),
  {
    id: "AuthenticatorRequest",
    description: "The password and a code from the current authenticator (or a recovery code).",
  },
);

export const authenticatorResponse = meta(
  z.object({ message: z.string(), totp: totpEnrolmentSchema }),
  { id: "NewAuthenticator" },
);

export const authenticatorConfirmRequest = meta(
  z.object({ totp: meta(totpCodeSchema, { description: "A code from the new key." }) }),
  { id: "AuthenticatorConfirmRequest" },
);

export const sessionsResponse = meta(
  z.object({
    sessions: z.array(
      z.object({
        id: z.string(),
        kind: z.enum(["BROWSER", "API"]),
        device: meta(z.string(), { description: "Browser and system, e.g. Firefox on Linux." }),
        ip: z.nullable(z.string()),
        createdAt: z.iso.datetime(),
        lastSeenAt: z.iso.datetime(),
        current: meta(z.boolean(), { description: "The session this request was sent with." }),
      }),
    ),
  }),
  { id: "Sessions" },
);

// The browser's forms for the same operations (fields left empty arrive as "").
const formSecondFactor = {
  totp: blankAsMissing(totpCodeSchema),
  recoveryCode: blankAsMissing(recoveryCodeSchema),
};

function requireTotpOrRecoveryCode(
  v: { totp?: string; recoveryCode?: string },
  ctx: z.core.$RefinementCtx,
) {
  if (v.totp === undefined && v.recoveryCode === undefined) {
    ctx.addIssue({
      code: "custom",
      path: ["totp"],
      message: "Enter the 6-digit code from your authenticator app.",
    });
  }
}

/** Resetting with the link: a second factor and the new password. */
export const passwordResetForm = z
  .object({ ...formSecondFactor, newPassword: newPasswordSchema })
  .check(z.superRefine(requireTotpOrRecoveryCode));

/** The same, on the page where the reset was asked for: with the code from the email. */
export const passwordResetByCodeForm = z.intersection(
  passwordResetForm,
  z.object({ email: emailSchema, code: numericCodeSchema }),
);

export const passwordChangeForm = z
  .object({ currentPassword: passwordSchema, ...formSecondFactor, newPassword: newPasswordSchema })
  .check(z.superRefine(requireTotpOrRecoveryCode));

export const authenticatorForm = z
  .object({ password: passwordSchema, ...formSecondFactor })
  .check(z.superRefine(requireTotpOrRecoveryCode));

export const accountDeleteRequest = meta(
  z.object({ email: emailSchema, password: passwordSchema }),
  { id: "AccountDeleteRequest" },
);

export const accountDeleteConfirmRequest = meta(z.object({ token: linkTokenSchema }), {
  id: "AccountDeleteConfirmRequest",
});

/** Every kind of security event (prisma/schema.prisma's SecurityEventType, checked in lib/auth/security-events.ts). */
export const securityEventTypes = [
  "SIGNUP_REQUESTED",
  "SIGNUP_ACTIVATED",
  "LOGIN_LINK_REQUESTED",
  "LOGIN_SUCCEEDED",
  "LOGIN_FAILED",
  "ACCOUNT_LOCKED",
  "LINK_EXPIRED",
  "LINK_REUSED",
  "LINK_EXHAUSTED",
  "TOTP_REPLAY_REFUSED",
  "RECOVERY_CODE_USED",
  "PASSWORD_CHANGED",
  "PASSWORD_RESET",
  "AUTHENTICATOR_REPLACED",
  "RECOVERY_CODES_REGENERATED",
  "SESSION_REVOKED",
  "ACCOUNT_DELETED",
  "RATE_LIMITED",
] as const;

export type SecurityEventKind = (typeof securityEventTypes)[number];

export const securityEventsResponse = meta(
  z.object({
    events: z.array(
      z.object({
        id: z.string(),
        type: z.enum(securityEventTypes),
        summary: meta(z.string(), {
          description: "The event in words, as the account page shows it.",
        }),
        outcome: z.enum(["SUCCESS", "FAILURE"]),
        detail: meta(z.nullable(z.string()), {
          description: "Which factor failed, which limit refused, and the like.",
        }),
        device: meta(z.string(), { description: "Browser and system, e.g. Firefox on Linux." }),
        ip: z.nullable(z.string()),
        createdAt: z.iso.datetime(),
      }),
    ),
  }),
  { id: "SecurityEvents", description: "The account's security events, newest first." },
);

export type SecurityEventsResponse = z.infer<typeof securityEventsResponse>;
