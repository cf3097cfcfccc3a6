import "server-only";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

// The environment, parsed once. Every tunable of the workflows has its default here.
const bool = z
  .enum(["0", "1", "true", "false"])
  .optional()
  .transform((v) => v === "1" || v === "true");

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  APP_URL: z.url().default("http://localhost:3000"),
  AUTH_SECRET: z.string().min(32, "AUTH_SECRET must be at least 32 characters").optional(),
  DATABASE_URL: z.string().optional(),
  DATA_DIR: z.string().default(".data"),
  RESEND_API_KEY: z.string().optional(),
  RESEND_BASE_URL: z.url().optional(),
  EMAIL_FROM: z.string().default("Triplock <no-reply@triplock.local>"),
  DEV_MAILBOX: bool,
  TRUST_PROXY: bool,
  BCRYPT_COST: z.coerce.number().int().min(4).max(15).default(12),
  HASH_POOL_THREADS: z.coerce.number().int().min(1).optional(),
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

// Without AUTH_SECRET a local install still works: a random secret is generated once and
// kept beside the embedded database. A production deployment on its own database must
// set one, or every instance would sign with a different key.
function resolveAuthSecret(env: Env): string {
  if (env.AUTH_SECRET) return env.AUTH_SECRET;
  if (env.NODE_ENV === "production" && env.DATABASE_URL) {
    throw new Error("AUTH_SECRET is required in production (openssl rand -base64 32).");
  }
  const file = path.resolve(env.DATA_DIR, "auth-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(path.dirname(file), { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, secret, { mode: 0o600, flag: "wx" });
  return secret;
}

function load() {
  const env = parseEnv();
  const useResend = Boolean(env.RESEND_API_KEY);
  return {
    production: env.NODE_ENV === "production",
    appUrl: env.APP_URL.replace(/\/$/, ""),
    databaseUrl: env.DATABASE_URL,
    dataDir: path.resolve(env.DATA_DIR),
    email: {
      from: env.EMAIL_FROM,
      resendApiKey: env.RESEND_API_KEY,
      resendBaseUrl: env.RESEND_BASE_URL,
    },
    // The readable mailbox exists only while mail is not really sent.
    devMailbox: !useResend && (env.NODE_ENV !== "production" || env.DEV_MAILBOX),
    trustProxy: env.TRUST_PROXY,
    bcryptCost: env.BCRYPT_COST,
    hashPoolThreads: env.HASH_POOL_THREADS,
    tokens: {
      linkTtlSeconds: env.LINK_TTL_SECONDS,
      codeLength: env.ACTIVATION_CODE_LENGTH,
      codeTtlSeconds: env.ACTIVATION_CODE_TTL_SECONDS,
      maxAttempts: env.TOKEN_MAX_ATTEMPTS,
    },
    limits: {
      mailPerAddressPerHour: env.MAIL_PER_ADDRESS_PER_HOUR,
      mailPerIpPerHour: env.MAIL_PER_IP_PER_HOUR,
      loginFailuresPerAccount: env.LOGIN_FAILURES_PER_ACCOUNT,
      loginFailuresPerIp: env.LOGIN_FAILURES_PER_IP,
      loginLockSeconds: env.LOGIN_LOCK_SECONDS,
    },
  };
}

export type Config = ReturnType<typeof load>;

let cached: Config | undefined;

export function config(): Config {
  cached ??= load();
  return cached;
}

let secret: string | undefined;

/** Resolved on first use, not at import, so a build needs no secret. */
export function authSecret(): string {
  secret ??= resolveAuthSecret(parseEnv());
  return secret;
}
