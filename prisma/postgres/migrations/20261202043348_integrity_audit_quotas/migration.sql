-- DropForeignKey
ALTER TABLE "AuditEvent" DROP CONSTRAINT "AuditEvent_workspaceId_fkey";

-- AlterTable
ALTER TABLE "AuditEvent" ALTER COLUMN "workspaceId" DROP NOT NULL,
ALTER COLUMN "durationMs" SET DEFAULT 0;

-- AlterTable
ALTER TABLE "ChatMessage" DROP CONSTRAINT "ChatMessage_pkey",
ADD CONSTRAINT "ChatMessage_pkey" PRIMARY KEY ("threadId", "id");

-- AlterTable
ALTER TABLE "Workspace" ADD COLUMN     "repoClonedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "ServerKeyUsage" (
    "userId" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "requests" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "ServerKeyUsage_pkey" PRIMARY KEY ("userId","day")
);

-- CreateTable
CREATE TABLE "QuotaLock" (
    "id" INTEGER NOT NULL,
    "turns" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "QuotaLock_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "AuditEvent_userId_createdAt_idx" ON "AuditEvent"("userId", "createdAt");

-- Backfill (hand-written): workspaces created before repoClonedAt existed hold the user's work in
-- their checkout: count their clones as finished, except those that failed in the clone phase.
UPDATE "Workspace" SET "repoClonedAt" = "createdAt"
WHERE "repoUrl" IS NOT NULL AND NOT ("status" = 'ERROR' AND "phase" = 'clone');
