-- CreateTable
CREATE TABLE "gatehouse_rate_limits" (
    "key" TEXT NOT NULL,
    "points" INTEGER NOT NULL DEFAULT 0,
    "expire" BIGINT,

    CONSTRAINT "gatehouse_rate_limits_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "gatehouse_rate_limits_expire_idx" ON "gatehouse_rate_limits"("expire");

