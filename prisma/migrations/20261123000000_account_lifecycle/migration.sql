-- Forgot password: a link (and code) of its own purpose.
ALTER TYPE "TokenPurpose" ADD VALUE 'PASSWORD_RESET';

-- Replacing the authenticator: the new key waits here, encrypted, until a code confirms it.
ALTER TABLE "User" ADD COLUMN "pendingTotpSecret" TEXT;
ALTER TABLE "User" ADD COLUMN "pendingTotpExpiresAt" TIMESTAMP(3);
