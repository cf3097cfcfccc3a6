import "server-only";
import { z } from "zod";

// The environment, parsed once. Every tunable of the workflows has its default here.
const bool = z
  .enum(["0", "1", "true", "false"])
  .optional()
  .transform((v) => v === "1" || v === "true");

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  APP_URL: z.url().optional(),
  AUTH_SECRET: z.string().min(32, "AUTH_SECRET must be at least 32 characters").optional(),
  DATABASE_URL: z.string().optional(),
  RESEND_API_KEY: z.string().optional(),
  RESEND_BASE_URL: z.url().optional(),
  EMAIL_FROM: z.string().default("Triplock <no-reply@triplock.local>"),
  DEV_MAILBOX: bool,
  // "1"/"true": one reverse proxy in front; "N": N of them (a CDN and a load balancer: 2).
  TRUST_PROXY: z
    .enum(["true", "false"])
    .transform((v) => (v === "true" ? 1 : 0))
    .or(z.coerce.number().int().min(0).max(10))
    .default(0),
  BCRYPT_COST: z.coerce.number().int().min(4).max(15).default(12),
  HASH_POOL_THREADS: z.coerce.number().int().min(1).optional(),
  HASH_MAX_WAIT_SECONDS: z.coerce.number().positive().default(3),
  LINK_TTL_SECONDS: z.coerce
    .number()
    .int()
    .positive()
    .default(30 * 60),
  ACTIVATION_CODE_LENGTH: z.coerce.number().int().min(4).max(10).default(6),
  ACTIVATION_CODE_TTL_SECONDS: z.coerce
    .number()
    .int()
    .positive()
    .default(10 * 60),
  TOKEN_MAX_ATTEMPTS: z.coerce.number().int().positive().default(5),
  MAIL_PER_ADDRESS_PER_HOUR: z.coerce.number().int().positive().default(5),
  MAIL_PER_IP_PER_HOUR: z.coerce.number().int().positive().default(30),
  LOGIN_FAILURES_PER_ACCOUNT: z.coerce.number().int().positive().default(10),
  LOGIN_FAILURES_PER_IP: z.coerce.number().int().positive().default(50),
  LOGIN_LOCK_SECONDS: z.coerce
    .number()
    .int()
    .positive()
    .default(15 * 60),
  LOG_LEVEL: z.enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"]).default("info"),
  LOG_EMAILS: bool,
  SECURITY_EVENT_RETENTION_DAYS: z.coerce.number().int().positive().default(90),
  METRICS: z.enum(["on", "off"]).default("on"),
  METRICS_TOKEN: z.string().min(16, "METRICS_TOKEN must be at least 16 characters").optional(),
  METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
});

type Env = z.infer<typeof schema>;

function parseEnv(): Env {
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join("\n")}`);
  }
  return parsed.data;
}

function load() {
  const env = parseEnv();
  const useResend = Boolean(env.RESEND_API_KEY);
  return {
    production: env.NODE_ENV === "production",
    // Emailed links follow the port the app listens on unless the public origin is set.
    appUrl: (env.APP_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, ""),
    databaseUrl: env.DATABASE_URL,
    email: {
      from: env.EMAIL_FROM,
      resendApiKey: env.RESEND_API_KEY,
      resendBaseUrl: env.RESEND_BASE_URL,
    },
    // The readable mailbox exists only while mail is not really sent.
    devMailbox: !useResend && (env.NODE_ENV !== "production" || env.DEV_MAILBOX),
    trustProxyHops: env.TRUST_PROXY,
    bcryptCost: env.BCRYPT_COST,
    hashPoolThreads: env.HASH_POOL_THREADS,
    hashMaxWaitSeconds: env.HASH_MAX_WAIT_SECONDS,
    tokens: {
      linkTtlSeconds: env.LINK_TTL_SECONDS,
      codeLength: env.ACTIVATION_CODE_LENGTH,
      codeTtlSeconds: env.ACTIVATION_CODE_TTL_SECONDS,
      maxAttempts: env.TOKEN_MAX_ATTEMPTS,
    },
    limits: {
      mailPerAddressPerHour: env.MAIL_PER_ADDRESS_PER_HOUR,
      mailPerIpPerHour: env.MAIL_PER_IP_PER_HOUR,
      // Failed password checks per lock window, in each budget (lib/auth/rate-limit.ts): login,
      // the deletion request, activation by code, and re-authentication when signed in.
      failuresPerAccount: env.LOGIN_FAILURES_PER_ACCOUNT,
      failuresPerIp: env.LOGIN_FAILURES_PER_IP,
      lockSeconds: env.LOGIN_LOCK_SECONDS,
    },
    log: { level: env.LOG_LEVEL, emails: env.LOG_EMAILS },
    eventRetentionDays: env.SECURITY_EVENT_RETENTION_DAYS,
    metrics: {
      // Off: nothing is counted, and /metrics answers 404 (to measure what counting costs).
      enabled: env.METRICS === "on",
      token: env.METRICS_TOKEN,
      port: env.METRICS_PORT,
    },
  };
}

export type Config = ReturnType<typeof load>;

let cached: Config | undefined;

export function config(): Config {
  cached ??= load();
  return cached;
}

/**
 * Read on first use, not at import, so a build needs no secret. Start-up fills it in for a
 * local install (lib/server/local-setup.ts).
 */
let secret: string | undefined;

export function authSecret(): string {
  secret ??= parseEnv().AUTH_SECRET;
  if (!secret) throw new Error("AUTH_SECRET is not set (openssl rand -base64 32).");
  return secret;
}
