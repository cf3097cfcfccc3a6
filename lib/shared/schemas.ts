import { z } from "zod";
import { newPasswordSchema, passwordSchema } from "./password-policy";
import { problems, type ProblemCode } from "./problems";

// Request and response shapes: the single source for form validation, API validation,
// TypeScript types and the OpenAPI document (lib/web/openapi.ts).

export const emailSchema = z
  .string({ error: "Enter your email address." })
  .trim()
  .toLowerCase()
  .max(254, "That email address is too long.")
  .pipe(z.email({ error: "Enter a valid email address, like name@example.com." }))
  .meta({
    description: "Email address (case-insensitive).",
    example: "ada@example.com",
    format: "email",
  });

export const linkTokenSchema = z
  .string({ error: "The link is missing its token." })
  .min(16, "This link is not valid.")
  .max(128, "This link is not valid.")
  .regex(/^[A-Za-z0-9_-]+$/, "This link is not valid.")
  .meta({ description: "The `token` parameter of the emailed link." });

export const numericCodeSchema = z
  .string({ error: "Enter the code from the email." })
  .trim()
  .regex(/^\d{4,10}$/, "Enter the code from the email (digits only).")
  .meta({ description: "The numeric code from the email.", example: "123456" });

export const signupRequest = z
  .object({
    email: emailSchema,
    password: newPasswordSchema,
    name: z
      .string()
      .trim()
      .max(100, "Use at most 100 characters.")
      .refine((v) => !/[\u0000-\u001f\u007f]/.test(v), "Use letters, digits and punctuation only.")
      .optional()
      .transform((v) => v || undefined)
      .meta({ description: "Display name (optional).", example: "Ada Lovelace" }),
  })
  .meta({ id: "SignupRequest" });

export const signupConfirmRequest = z
  .object({ token: linkTokenSchema, password: passwordSchema })
  .meta({ id: "SignupConfirmRequest" });

/** What the confirmation page asks for; the token comes from the link. */
export const signupConfirmForm = signupConfirmRequest.pick({ password: true });

export const signupActivateRequest = z
  .object({ code: numericCodeSchema })
  .meta({ id: "SignupActivateRequest" });

export const emailOnlyRequest = z.object({ email: emailSchema }).meta({ id: "EmailRequest" });

export const messageResponse = z.object({ message: z.string() }).meta({ id: "Message" });

export const userResponse = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string().nullable(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: "User" });

const totpEnrolmentSchema = z.object({
  secret: z.string().meta({ description: "Base32 TOTP key (SHA-1, 6 digits, 30 s)." }),
  uri: z.string().meta({ description: "otpauth:// URI for authenticator apps." }),
  qrSvg: z.string().meta({ description: "The URI as a QR code, an SVG document." }),
});

export const activationResponse = z
  .object({
    message: z.string(),
    user: userResponse,
    totp: totpEnrolmentSchema,
    recoveryCodes: z
      .array(z.string())
      .meta({ description: "Ten single-use recovery codes, shown only this once." }),
  })
  .meta({ id: "Activation" });

export const problemResponse = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z
      .enum(Object.keys(problems) as [ProblemCode, ...ProblemCode[]])
      .meta({ description: "Stable machine-readable error code." }),
    errors: z.record(z.string(), z.array(z.string())).optional(),
    retryAfter: z.number().int().optional(),
  })
  .meta({ id: "Problem" });

export type SignupRequest = z.infer<typeof signupRequest>;
export type SignupConfirmRequest = z.infer<typeof signupConfirmRequest>;
export type ActivationResponse = z.infer<typeof activationResponse>;

export const totpCodeSchema = z
  .string({ error: "Enter the 6-digit code from your authenticator app." })
  .trim()
  .transform((v) => v.replace(/\s/g, ""))
  .pipe(z.string().regex(/^\d{6}$/, "Enter the 6-digit code from your authenticator app."))
  .meta({ description: "Current 6-digit code from the authenticator app.", example: "123456" });

export const totpCheckRequest = z.object({ code: totpCodeSchema }).meta({ id: "TotpCheckRequest" });

export const recoveryCodeSchema = z
  .string({ error: "Enter one of your recovery codes." })
  .trim()
  .min(10, "Enter one of your recovery codes, like abcde-fghjk.")
  .max(32, "Enter one of your recovery codes, like abcde-fghjk.")
  .meta({ description: "One unused recovery code, instead of `totp`.", example: "abcde-fghjk" });

// What a request proven by email carries: the link's token, or the address with the code
// from the same email; and a second factor: a TOTP code, or one recovery code in its place.
const emailedProof = {
  token: linkTokenSchema.optional(),
  email: emailSchema.optional(),
  code: numericCodeSchema.optional(),
};
const secondFactor = {
  totp: totpCodeSchema.optional(),
  recoveryCode: recoveryCodeSchema.optional(),
};

function requireEmailedProof(
  v: { token?: string; email?: string; code?: string },
  ctx: z.RefinementCtx,
) {
  if (!v.token && !(v.email && v.code)) {
    ctx.addIssue({
      code: "custom",
      path: ["token"],
      message: "Send the link's token, or the email address and the code from the email.",
    });
  }
}

function requireOneSecondFactor(v: { totp?: string; recoveryCode?: string }, ctx: z.RefinementCtx) {
  if ((v.totp === undefined) === (v.recoveryCode === undefined)) {
    ctx.addIssue({
      code: "custom",
      path: ["totp"],
      message: "Send either an authenticator code or a recovery code.",
    });
  }
}

export const loginCompleteRequest = z
  .object({ ...emailedProof, password: passwordSchema, ...secondFactor })
  .superRefine(requireEmailedProof)
  .superRefine(requireOneSecondFactor)
  .meta({
    id: "LoginCompleteRequest",
    description:
      "`token` (from the link) or `email` + `code` (from the email); `password`; `totp` or `recoveryCode`.",
  });

export const loginCompleteResponse = z
  .object({
    message: z.string(),
    previousLoginAt: z.iso
      .datetime()
      .nullable()
      .meta({ description: "The login before this one; null on the first login." }),
    accessToken: z
      .string()
      .meta({ description: "Bearer token for the API; revoked by POST /api/v1/logout." }),
    tokenType: z.literal("Bearer"),
    expiresAt: z.iso.datetime(),
  })
  .meta({ id: "LoginResult" });

export const meResponse = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string().nullable(),
    createdAt: z.iso.datetime(),
    lastLoginAt: z.iso.datetime().nullable().meta({ description: "This login." }),
    previousLoginAt: z.iso
      .datetime()
      .nullable()
      .meta({ description: "The login before this one." }),
  })
  .meta({ id: "Me" });

export type LoginCompleteRequest = z.infer<typeof loginCompleteRequest>;
export type LoginCompleteResponse = z.infer<typeof loginCompleteResponse>;
export type MeResponse = z.infer<typeof meResponse>;
export type SessionsResponse = z.infer<typeof sessionsResponse>;

// Form fields arrive as "" when left empty; for optional fields that means "not given".
const blankAsMissing = <S extends z.ZodType>(schema: S) =>
  z.preprocess((v) => (v === "" || v === null ? undefined : v), schema.optional());

/** The second step of login in the browser: password, then a TOTP or a recovery code. */
export const loginFactorsForm = z
  .object({
    password: passwordSchema,
    totp: blankAsMissing(totpCodeSchema),
    recoveryCode: blankAsMissing(recoveryCodeSchema),
  })
  .superRefine(requireTotpOrRecoveryCode);

/** The same, on the page where the login started: with the code from the email. */
export const loginByCodeForm = loginFactorsForm.and(
  z.object({ email: emailSchema, code: numericCodeSchema }),
);

export const regenerateRecoveryCodesForm = z
  .object({ password: passwordSchema, totp: totpCodeSchema })
  .meta({ id: "RecoveryCodesRequest" });

export const recoveryCodesResponse = z
  .object({
    message: z.string(),
    recoveryCodes: z
      .array(z.string())
      .meta({ description: "Ten new single-use recovery codes, shown only this once." }),
  })
  .meta({ id: "RecoveryCodes" });

export const passwordResetRequest = z
  .object({ ...emailedProof, ...secondFactor, newPassword: newPasswordSchema })
  .superRefine(requireEmailedProof)
  .superRefine(requireOneSecondFactor)
  .meta({
    id: "PasswordResetRequest",
    description:
      "`token` (from the link) or `email` + `code` (from the email); `totp` or `recoveryCode`; `newPassword`.",
  });

export const passwordChangeRequest = z
  .object({ currentPassword: passwordSchema, ...secondFactor, newPassword: newPasswordSchema })
  .superRefine(requireOneSecondFactor)
  .meta({ id: "PasswordChangeRequest" });

export const authenticatorRequest = z
  .object({ password: passwordSchema, ...secondFactor })
  .superRefine(requireOneSecondFactor)
  .meta({
    id: "AuthenticatorRequest",
    description: "The password and a code from the current authenticator (or a recovery code).",
  });

export const authenticatorResponse = z
  .object({ message: z.string(), totp: totpEnrolmentSchema })
  .meta({ id: "NewAuthenticator" });

export const authenticatorConfirmRequest = z
  .object({ totp: totpCodeSchema.meta({ description: "A code from the new key." }) })
  .meta({ id: "AuthenticatorConfirmRequest" });

export const sessionsResponse = z
  .object({
    sessions: z.array(
      z.object({
        id: z.string(),
        kind: z.enum(["BROWSER", "API"]),
        device: z.string().meta({ description: "Browser and system, e.g. Firefox on Linux." }),
        ip: z.string().nullable(),
        createdAt: z.iso.datetime(),
        lastSeenAt: z.iso.datetime(),
        current: z.boolean().meta({ description: "The session this request was sent with." }),
      }),
    ),
  })
  .meta({ id: "Sessions" });

// The browser's forms for the same operations (fields left empty arrive as "").
const formSecondFactor = {
  totp: blankAsMissing(totpCodeSchema),
  recoveryCode: blankAsMissing(recoveryCodeSchema),
};

function requireTotpOrRecoveryCode(
  v: { totp?: string; recoveryCode?: string },
  ctx: z.RefinementCtx,
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
  .superRefine(requireTotpOrRecoveryCode);

/** The same, on the page where the reset was asked for: with the code from the email. */
export const passwordResetByCodeForm = passwordResetForm.and(
  z.object({ email: emailSchema, code: numericCodeSchema }),
);

export const passwordChangeForm = z
  .object({ currentPassword: passwordSchema, ...formSecondFactor, newPassword: newPasswordSchema })
  .superRefine(requireTotpOrRecoveryCode);

export const authenticatorForm = z
  .object({ password: passwordSchema, ...formSecondFactor })
  .superRefine(requireTotpOrRecoveryCode);

export const accountDeleteRequest = z
  .object({ email: emailSchema, password: passwordSchema })
  .meta({ id: "AccountDeleteRequest" });

export const accountDeleteConfirmRequest = z
  .object({ token: linkTokenSchema })
  .meta({ id: "AccountDeleteConfirmRequest" });

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

export const securityEventsResponse = z
  .object({
    events: z.array(
      z.object({
        id: z.string(),
        type: z.enum(securityEventTypes),
        summary: z
          .string()
          .meta({ description: "The event in words, as the account page shows it." }),
        outcome: z.enum(["SUCCESS", "FAILURE"]),
        detail: z
          .string()
          .nullable()
          .meta({ description: "Which factor failed, which limit refused, and the like." }),
        device: z.string().meta({ description: "Browser and system, e.g. Firefox on Linux." }),
        ip: z.string().nullable(),
        createdAt: z.iso.datetime(),
      }),
    ),
  })
  .meta({ id: "SecurityEvents", description: "The account's security events, newest first." });

export type SecurityEventsResponse = z.infer<typeof securityEventsResponse>;
