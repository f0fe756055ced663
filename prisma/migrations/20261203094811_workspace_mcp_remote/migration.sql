-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Workspace" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "template" TEXT NOT NULL,
    "nixConfig" TEXT,
    "nixConfigKind" TEXT,
    "repoUrl" TEXT,
    "branch" TEXT,
    "status" TEXT NOT NULL DEFAULT 'STOPPED',
    "statusMessage" TEXT,
    "phase" TEXT,
    "containerId" TEXT,
    "ports" JSONB,
    "bridgeSecret" TEXT NOT NULL,
    "memoryMb" INTEGER NOT NULL,
    "cpus" REAL NOT NULL,
    "pidsLimit" INTEGER NOT NULL,
    "repoClonedAt" DATETIME,
    "setup" JSONB,
    "templateVersion" INTEGER,
    "mcpRemote" BOOLEAN NOT NULL DEFAULT false,
    "lastActiveAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Workspace_userId_fkey" FOREIGN KEY ("userId") REFERENCES "user" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Workspace" ("branch", "bridgeSecret", "containerId", "cpus", "createdAt", "id", "lastActiveAt", "memoryMb", "name", "nixConfig", "nixConfigKind", "phase", "pidsLimit", "ports", "repoClonedAt", "repoUrl", "setup", "status", "statusMessage", "template", "templateVersion", "updatedAt", "userId") SELECT "branch", "bridgeSecret", "containerId", "cpus", "createdAt", "id", "lastActiveAt", "memoryMb", "name", "nixConfig", "nixConfigKind", "phase", "pidsLimit", "ports", "repoClonedAt", "repoUrl", "setup", "status", "statusMessage", "template", "templateVersion", "updatedAt", "userId" FROM "Workspace";
DROP TABLE "Workspace";
ALTER TABLE "new_Workspace" RENAME TO "Workspace";
CREATE INDEX "Workspace_status_idx" ON "Workspace"("status");
CREATE UNIQUE INDEX "Workspace_userId_name_key" ON "Workspace"("userId", "name");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
