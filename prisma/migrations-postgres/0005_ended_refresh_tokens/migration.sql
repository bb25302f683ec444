-- CreateTable
CREATE TABLE "EndedRefreshToken" (
    "digest" TEXT NOT NULL,
    "applicationId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "endedAt" TIMESTAMP(3) NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "EndedRefreshToken_pkey" PRIMARY KEY ("digest")
);

-- CreateIndex
CREATE INDEX "EndedRefreshToken_expiresAt_idx" ON "EndedRefreshToken"("expiresAt");

-- AddForeignKey
ALTER TABLE "EndedRefreshToken" ADD CONSTRAINT "EndedRefreshToken_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application"("id") ON DELETE CASCADE ON UPDATE CASCADE;

