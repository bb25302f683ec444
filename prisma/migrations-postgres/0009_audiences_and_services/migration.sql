-- Tokens for one API and tokens for services (no semicolons in these comments: the PostgreSQL
-- migration runner splits statements at them). The resources (RFC 8707) an authorization asked
-- for, carried to the code, the grant's token family and each access token's audience. Each
-- app's allowed grant types. Service tokens (RFC 6749 section 4.4, client_credentials) and
-- service-access approvals, in a table of their own beside the restricted-scope ones, whose
-- unique index the previous release's upsert names. Scopes open to every service. Personal keys
-- bound to one API. Only additions: existing apps keep the code and refresh grants, existing
-- tokens and keys stay unbound, as the previous release reads them.

-- AlterTable
ALTER TABLE "AccessToken" ADD COLUMN     "audience" TEXT;

-- AlterTable
ALTER TABLE "ApiScope" ADD COLUMN     "openToServices" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "Application" ADD COLUMN     "grantTypes" TEXT NOT NULL DEFAULT 'authorization_code refresh_token';

-- AlterTable
ALTER TABLE "AuthorizationCode" ADD COLUMN     "resource" TEXT;

-- AlterTable
ALTER TABLE "PendingAuthorization" ADD COLUMN     "resource" TEXT;

-- AlterTable
ALTER TABLE "PersonalKey" ADD COLUMN     "audience" TEXT;

-- AlterTable
ALTER TABLE "TokenFamily" ADD COLUMN     "resource" TEXT;

-- CreateTable
CREATE TABLE "ServiceAccessApproval" (
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

    CONSTRAINT "ServiceAccessApproval_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ServiceToken" (
    "id" TEXT NOT NULL,
    "digest" TEXT NOT NULL,
    "applicationId" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "audience" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "revokedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ServiceToken_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ServiceAccessApproval_status_idx" ON "ServiceAccessApproval"("status");

-- CreateIndex
CREATE UNIQUE INDEX "ServiceAccessApproval_applicationId_scope_key" ON "ServiceAccessApproval"("applicationId", "scope");

-- CreateIndex
CREATE UNIQUE INDEX "ServiceToken_digest_key" ON "ServiceToken"("digest");

-- CreateIndex
CREATE INDEX "ServiceToken_applicationId_idx" ON "ServiceToken"("applicationId");

-- CreateIndex
CREATE INDEX "ServiceToken_expiresAt_idx" ON "ServiceToken"("expiresAt");

-- AddForeignKey
ALTER TABLE "ServiceAccessApproval" ADD CONSTRAINT "ServiceAccessApproval_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ServiceToken" ADD CONSTRAINT "ServiceToken_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application"("id") ON DELETE CASCADE ON UPDATE CASCADE;

