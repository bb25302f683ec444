-- AlterTable
ALTER TABLE "AuthorizationCode" DROP COLUMN "codeChallengeMethod";

-- AlterTable
ALTER TABLE "PendingAuthorization" DROP COLUMN "codeChallengeMethod";

-- DropTable
DROP TABLE "RateLimitBucket";
