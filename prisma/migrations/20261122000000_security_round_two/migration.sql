-- Separate attempt budgets for a link and its code.
ALTER TABLE "OneTimeToken" ADD COLUMN "codeAttempts" INTEGER NOT NULL DEFAULT 0;

-- Queued mail is retried until what it carries expires.
ALTER TABLE "EmailMessage" ADD COLUMN "expiresAt" TIMESTAMP(3);
UPDATE "EmailMessage" SET "expiresAt" = "createdAt" + interval '1 day';
ALTER TABLE "EmailMessage" ALTER COLUMN "expiresAt" SET NOT NULL;
CREATE INDEX "EmailMessage_to_idx" ON "EmailMessage"("to");

-- Link requests answered by the worker.
CREATE TABLE "LinkRequest" (
    "id" TEXT NOT NULL,
    "purpose" "TokenPurpose" NOT NULL,
    "email" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LinkRequest_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "LinkRequest_createdAt_idx" ON "LinkRequest"("createdAt");

-- Secrets shown once.
CREATE TABLE "OneTimeView" (
    "id" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "OneTimeView_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "OneTimeView_expiresAt_idx" ON "OneTimeView"("expiresAt");

-- Housekeeping deletes ended rate-limit windows.
CREATE INDEX "RateLimit_resetAt_idx" ON "RateLimit"("resetAt");
