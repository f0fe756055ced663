-- CreateTable
CREATE TABLE "StartReport" (
    "workspaceId" TEXT NOT NULL,
    "phases" JSONB NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "StartReport_pkey" PRIMARY KEY ("workspaceId")
);

-- AddForeignKey
ALTER TABLE "StartReport" ADD CONSTRAINT "StartReport_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;
