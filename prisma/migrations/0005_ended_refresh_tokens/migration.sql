-- CreateTable
CREATE TABLE "EndedRefreshToken" (
    "digest" TEXT NOT NULL PRIMARY KEY,
    "applicationId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "endedAt" DATETIME NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    CONSTRAINT "EndedRefreshToken_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "EndedRefreshToken_expiresAt_idx" ON "EndedRefreshToken"("expiresAt");

