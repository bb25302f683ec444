-- OpenID Connect: each app's ID token algorithm and post-logout redirect URIs, the nonce and the
-- sign-in time carried from the authorization request to the ID tokens, and the signing keys.
-- Only additions: the previous release reads and writes every table as before (existing apps get
-- RS256 and no post-logout URIs).
-- AlterTable
ALTER TABLE "Application" ADD COLUMN     "idTokenAlg" TEXT NOT NULL DEFAULT 'RS256';

-- AlterTable
ALTER TABLE "AuthorizationCode" ADD COLUMN     "authTime" TIMESTAMP(3),
ADD COLUMN     "nonce" TEXT;

-- AlterTable
ALTER TABLE "PendingAuthorization" ADD COLUMN     "authTime" TIMESTAMP(3),
ADD COLUMN     "nonce" TEXT;

-- AlterTable
ALTER TABLE "TokenFamily" ADD COLUMN     "authTime" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "PostLogoutRedirectUri" (
    "id" TEXT NOT NULL,
    "applicationId" TEXT NOT NULL,
    "uri" TEXT NOT NULL,
    "position" INTEGER NOT NULL,

    CONSTRAINT "PostLogoutRedirectUri_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SigningKey" (
    "id" TEXT NOT NULL,
    "alg" TEXT NOT NULL,
    "generation" INTEGER NOT NULL,
    "publicJwk" TEXT NOT NULL,
    "sealedPrivateJwk" TEXT NOT NULL,
    "wrappingKeyId" TEXT NOT NULL,
    "activatesAt" TIMESTAMP(3) NOT NULL,
    "retiresAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SigningKey_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "PostLogoutRedirectUri_applicationId_position_key" ON "PostLogoutRedirectUri"("applicationId", "position");

-- CreateIndex
CREATE UNIQUE INDEX "PostLogoutRedirectUri_applicationId_uri_key" ON "PostLogoutRedirectUri"("applicationId", "uri");

-- CreateIndex
CREATE UNIQUE INDEX "SigningKey_alg_generation_key" ON "SigningKey"("alg", "generation");

-- AddForeignKey
ALTER TABLE "PostLogoutRedirectUri" ADD CONSTRAINT "PostLogoutRedirectUri_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Post-logout URIs are read with their app, and signing keys are kept in memory: both tell every
-- instance when they change, as the other cached rows do (0007).
CREATE TRIGGER "PostLogoutRedirectUri_cached_rows" AFTER INSERT OR UPDATE OR DELETE ON "PostLogoutRedirectUri" FOR EACH STATEMENT EXECUTE FUNCTION "gatehouse_cached_rows_changed"();
CREATE TRIGGER "SigningKey_cached_rows" AFTER INSERT OR UPDATE OR DELETE ON "SigningKey" FOR EACH STATEMENT EXECUTE FUNCTION "gatehouse_cached_rows_changed"();
