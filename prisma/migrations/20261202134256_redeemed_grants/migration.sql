-- CreateTable
CREATE TABLE "RedeemedGrant" (
    "nonce" TEXT NOT NULL PRIMARY KEY,
    "expiresAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "RedeemedGrant_expiresAt_idx" ON "RedeemedGrant"("expiresAt");
