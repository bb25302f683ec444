-- OpenID Connect: each app's ID token algorithm and post-logout redirect URIs, the nonce and the
-- sign-in time carried from the authorization request to the ID tokens, and the signing keys.
-- Only additions: the previous release reads and writes every table as before (existing apps get
-- RS256 and no post-logout URIs).

-- AlterTable
ALTER TABLE "Application" ADD COLUMN "idTokenAlg" TEXT NOT NULL DEFAULT 'RS256';

-- AlterTable
ALTER TABLE "PendingAuthorization" ADD COLUMN "nonce" TEXT;
ALTER TABLE "PendingAuthorization" ADD COLUMN "authTime" DATETIME;

-- AlterTable
ALTER TABLE "AuthorizationCode" ADD COLUMN "nonce" TEXT;
ALTER TABLE "AuthorizationCode" ADD COLUMN "authTime" DATETIME;

-- AlterTable
ALTER TABLE "TokenFamily" ADD COLUMN "authTime" DATETIME;

-- CreateTable
CREATE TABLE "PostLogoutRedirectUri" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "applicationId" TEXT NOT NULL,
    "uri" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    CONSTRAINT "PostLogoutRedirectUri_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SigningKey" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "alg" TEXT NOT NULL,
    "generation" INTEGER NOT NULL,
    "publicJwk" TEXT NOT NULL,
    "sealedPrivateJwk" TEXT NOT NULL,
    "wrappingKeyId" TEXT NOT NULL,
    "activatesAt" DATETIME NOT NULL,
    "retiresAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE UNIQUE INDEX "PostLogoutRedirectUri_applicationId_position_key" ON "PostLogoutRedirectUri"("applicationId", "position");

-- CreateIndex
CREATE UNIQUE INDEX "PostLogoutRedirectUri_applicationId_uri_key" ON "PostLogoutRedirectUri"("applicationId", "uri");

-- CreateIndex
CREATE UNIQUE INDEX "SigningKey_alg_generation_key" ON "SigningKey"("alg", "generation");
