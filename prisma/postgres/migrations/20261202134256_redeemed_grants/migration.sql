-- CreateTable
CREATE TABLE "RedeemedGrant" (
    "nonce" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RedeemedGrant_pkey" PRIMARY KEY ("nonce")
);

-- CreateIndex
CREATE INDEX "RedeemedGrant_expiresAt_idx" ON "RedeemedGrant"("expiresAt");
