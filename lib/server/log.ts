import "server-only";
import pino, { type DestinationStream, type Level, type Logger } from "pino";
import pretty from "pino-pretty";
import { config } from "./config";
import { requestScope } from "./request-scope";

// One logger per process (kept on globalThis across dev reloads): JSON lines in production,
// written synchronously to stdout (no transport, no worker thread), and pino-pretty's
// readable lines in development. Every line written while a request is served carries its
// id (lib/server/request-scope.ts).

/**
 * Fields whose values are secret wherever they appear, at the top of a line or one level
 * down: pino replaces them before the line is written. Code logs no such field on purpose;
 * this is the net under it (the API tests grep a whole run's log for every secret it saw).
 */
export const SECRET_FIELDS = [
  "password",
  "currentPassword",
  "newPassword",
  "token",
  "code",
  "totp",
  "recoveryCode",
  "recoveryCodes",
  "secret",
  "totpSecret",
  "sessionToken",
  "accessToken",
  "authorization",
  "cookie",
  "body",
  "text",
  "html",
];

export interface LogOptions {
  level?: Level | "silent";
  /** Where lines go; by default stdout, readable outside production. */
  destination?: DestinationStream;
}

export function createLogger(options: LogOptions = {}): Logger {
  const { production, log } = config();
  return pino(
    {
      level: options.level ?? log.level,
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: SECRET_FIELDS.flatMap((field) => [field, `*.${field}`]),
        censor: "[redacted]",
      },
      mixin: () => {
        const scope = requestScope();
        return scope ? { reqId: scope.id } : {};
      },
    },
    options.destination ??
      (production
        ? pino.destination({ dest: 1, sync: true })
        : pretty({ sync: true, translateTime: "SYS:HH:MM:ss.l" })),
  );
}

const globalLog = globalThis as unknown as { triplockLog?: Logger };

export function log(): Logger {
  globalLog.triplockLog ??= createLogger();
  return globalLog.triplockLog;
}
