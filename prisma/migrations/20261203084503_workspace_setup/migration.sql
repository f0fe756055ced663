-- AlterTable
ALTER TABLE "Workspace" ADD COLUMN "setup" JSONB;
