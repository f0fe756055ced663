-- CreateTable
CREATE TABLE "StartReport" (
    "workspaceId" TEXT NOT NULL PRIMARY KEY,
    "phases" JSONB NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "StartReport_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
