-- CreateTable
CREATE TABLE "gatehouse_rate_limits" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "points" INTEGER NOT NULL DEFAULT 0,
    "expire" BIGINT
);

-- CreateIndex
CREATE INDEX "gatehouse_rate_limits_expire_idx" ON "gatehouse_rate_limits"("expire");

