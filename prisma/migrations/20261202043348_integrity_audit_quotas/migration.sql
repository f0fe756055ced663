-- AlterTable
ALTER TABLE "Workspace" ADD COLUMN "repoClonedAt" DATETIME;

-- CreateTable
CREATE TABLE "ServerKeyUsage" (
    "userId" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "requests" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("userId", "day")
);

-- CreateTable
CREATE TABLE "QuotaLock" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "turns" INTEGER NOT NULL DEFAULT 0
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_AuditEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workspaceId" TEXT,
    "userId" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "durationMs" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO "new_AuditEvent" ("action", "createdAt", "durationMs", "id", "outcome", "summary", "userId", "workspaceId") SELECT "action", "createdAt", "durationMs", "id", "outcome", "summary", "userId", "workspaceId" FROM "AuditEvent";
DROP TABLE "AuditEvent";
ALTER TABLE "new_AuditEvent" RENAME TO "AuditEvent";
CREATE INDEX "AuditEvent_workspaceId_createdAt_idx" ON "AuditEvent"("workspaceId", "createdAt");
CREATE INDEX "AuditEvent_userId_createdAt_idx" ON "AuditEvent"("userId", "createdAt");
CREATE TABLE "new_ChatMessage" (
    "id" TEXT NOT NULL,
    "threadId" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "parts" JSONB NOT NULL,
    "metadata" JSONB,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("threadId", "id"),
    CONSTRAINT "ChatMessage_threadId_fkey" FOREIGN KEY ("threadId") REFERENCES "ChatThread" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_ChatMessage" ("createdAt", "id", "metadata", "parts", "role", "threadId") SELECT "createdAt", "id", "metadata", "parts", "role", "threadId" FROM "ChatMessage";
DROP TABLE "ChatMessage";
ALTER TABLE "new_ChatMessage" RENAME TO "ChatMessage";
CREATE INDEX "ChatMessage_threadId_createdAt_idx" ON "ChatMessage"("threadId", "createdAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- Backfill (hand-written): workspaces created before repoClonedAt existed hold the user's work in
-- their checkout: count their clones as finished, except those that failed in the clone phase.
UPDATE "Workspace" SET "repoClonedAt" = "createdAt"
WHERE "repoUrl" IS NOT NULL AND NOT ("status" = 'ERROR' AND "phase" = 'clone');
