-- The login history becomes the security trail: its rows are kept, as successful logins.
CREATE TYPE "SecurityEventType" AS ENUM ('SIGNUP_REQUESTED', 'SIGNUP_ACTIVATED', 'LOGIN_LINK_REQUESTED', 'LOGIN_SUCCEEDED', 'LOGIN_FAILED', 'ACCOUNT_LOCKED', 'LINK_EXPIRED', 'LINK_REUSED', 'LINK_EXHAUSTED', 'TOTP_REPLAY_REFUSED', 'RECOVERY_CODE_USED', 'PASSWORD_CHANGED', 'PASSWORD_RESET', 'AUTHENTICATOR_REPLACED', 'RECOVERY_CODES_REGENERATED', 'SESSION_REVOKED', 'ACCOUNT_DELETED', 'RATE_LIMITED');
CREATE TYPE "SecurityEventOutcome" AS ENUM ('SUCCESS', 'FAILURE');

ALTER TABLE "LoginEvent" RENAME TO "SecurityEvent";
ALTER TABLE "SecurityEvent" RENAME CONSTRAINT "LoginEvent_pkey" TO "SecurityEvent_pkey";
ALTER INDEX "LoginEvent_userId_createdAt_idx" RENAME TO "SecurityEvent_userId_createdAt_idx";
ALTER TABLE "SecurityEvent" ADD COLUMN "type" "SecurityEventType" NOT NULL DEFAULT 'LOGIN_SUCCEEDED',
  ADD COLUMN "outcome" "SecurityEventOutcome" NOT NULL DEFAULT 'SUCCESS',
  ADD COLUMN "detail" TEXT,
  ALTER COLUMN "userId" DROP NOT NULL;
ALTER TABLE "SecurityEvent" ALTER COLUMN "type" DROP DEFAULT, ALTER COLUMN "outcome" DROP DEFAULT;
CREATE INDEX "SecurityEvent_createdAt_idx" ON "SecurityEvent"("createdAt");

-- Deleting an account unlinks its events instead of deleting them (SECURITY.md).
ALTER TABLE "SecurityEvent" DROP CONSTRAINT "LoginEvent_userId_fkey";
ALTER TABLE "SecurityEvent" ADD CONSTRAINT "SecurityEvent_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- A link request remembers who asked, for the event recorded when its link is mailed.
ALTER TABLE "LinkRequest" ADD COLUMN "ip" TEXT;
ALTER TABLE "LinkRequest" ADD COLUMN "userAgent" TEXT;
