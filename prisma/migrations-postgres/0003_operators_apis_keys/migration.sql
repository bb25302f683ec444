-- AlterTable
ALTER TABLE "User" ADD COLUMN     "role" TEXT NOT NULL DEFAULT 'user';

-- CreateTable
CREATE TABLE "OperatorAction" (
    "id" TEXT NOT NULL,
    "operatorId" TEXT,
    "actorEmail" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "detail" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OperatorAction_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RegisteredApi" (
    "id" TEXT NOT NULL,
    "apiId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "identifier" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RegisteredApi_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiScope" (
    "id" TEXT NOT NULL,
    "apiId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "personalData" BOOLEAN NOT NULL DEFAULT false,
    "restricted" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ApiScope_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiSecret" (
    "id" TEXT NOT NULL,
    "apiId" TEXT NOT NULL,
    "digest" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "lastFour" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMP(3),

    CONSTRAINT "ApiSecret_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CatalogueVersion" (
    "id" INTEGER NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "CatalogueVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ScopeApproval" (
    "id" TEXT NOT NULL,
    "applicationId" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "note" TEXT,
    "decidedBy" TEXT,
    "decidedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ScopeApproval_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PersonalKey" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "digest" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "lastFour" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3),
    "lastUsedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PersonalKey_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "OperatorAction_createdAt_idx" ON "OperatorAction"("createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "RegisteredApi_apiId_key" ON "RegisteredApi"("apiId");

-- CreateIndex
CREATE UNIQUE INDEX "RegisteredApi_identifier_key" ON "RegisteredApi"("identifier");

-- CreateIndex
CREATE UNIQUE INDEX "ApiScope_name_key" ON "ApiScope"("name");

-- CreateIndex
CREATE INDEX "ApiScope_apiId_idx" ON "ApiScope"("apiId");

-- CreateIndex
CREATE UNIQUE INDEX "ApiSecret_digest_key" ON "ApiSecret"("digest");

-- CreateIndex
CREATE INDEX "ApiSecret_apiId_idx" ON "ApiSecret"("apiId");

-- CreateIndex
CREATE INDEX "ScopeApproval_status_idx" ON "ScopeApproval"("status");

-- CreateIndex
CREATE UNIQUE INDEX "ScopeApproval_applicationId_scope_key" ON "ScopeApproval"("applicationId", "scope");

-- CreateIndex
CREATE UNIQUE INDEX "PersonalKey_digest_key" ON "PersonalKey"("digest");

-- CreateIndex
CREATE INDEX "PersonalKey_userId_idx" ON "PersonalKey"("userId");

-- AddForeignKey
ALTER TABLE "OperatorAction" ADD CONSTRAINT "OperatorAction_operatorId_fkey" FOREIGN KEY ("operatorId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiScope" ADD CONSTRAINT "ApiScope_apiId_fkey" FOREIGN KEY ("apiId") REFERENCES "RegisteredApi"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiSecret" ADD CONSTRAINT "ApiSecret_apiId_fkey" FOREIGN KEY ("apiId") REFERENCES "RegisteredApi"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ScopeApproval" ADD CONSTRAINT "ScopeApproval_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PersonalKey" ADD CONSTRAINT "PersonalKey_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

