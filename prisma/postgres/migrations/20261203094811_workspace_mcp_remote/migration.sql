-- AlterTable
ALTER TABLE "Workspace" ADD COLUMN     "mcpRemote" BOOLEAN NOT NULL DEFAULT false;
