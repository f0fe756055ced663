-- AlterTable
ALTER TABLE "user" ADD COLUMN "dotfilesUrl" TEXT;
