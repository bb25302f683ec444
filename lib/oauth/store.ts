import type { ClientType } from "@/lib/oauth/redirect-uri";

/**
 * What the protocol core needs from storage, keyed by digests, never by tokens. lib/db
 * implements it with Prisma; single use is decided there by conditional updates.
 */
export type Client = {
  id: string;
  clientId: string;
  name: string;
  clientType: ClientType;
  redirectUris: string[];
  homepageUrl: string | null;
  privacyPolicyUrl: string | null;
  termsUrl: string | null;
  ownerName: string;
};

export type Grant = { id: string; scope: string; createdAt: Date };

export type AuthorizationDetails = {
  applicationId: string;
  userId: string;
  redirectUri: string;
  redirectUriSent: boolean;
  scope: string;
  state: string | null;
  codeChallenge: string | null;
  codeChallengeMethod: string | null;
};

export type PendingAuthorization = AuthorizationDetails & { id: string; expiresAt: Date; usedAt: Date | null };

export type CodeRecord = Omit<AuthorizationDetails, "state"> & {
  id: string;
  grantId: string;
  expiresAt: Date;
  usedAt: Date | null;
};

export type TokenSet = {
  accessDigest: string;
  accessExpiresAt: Date;
  accessScope: string;
  refreshDigest: string;
  refreshExpiresAt: Date;
};

export type RefreshRecord = {
  id: string;
  familyId: string;
  applicationId: string;
  userId: string;
  grantId: string;
  familyScope: string;
  familyExpiresAt: Date;
  familyRevokedAt: Date | null;
  createdAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
  revokedAt: Date | null;
};

export type AccessRecord = {
  id: string;
  familyId: string;
  applicationId: string;
  clientId: string;
  userId: string;
  scope: string;
  createdAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  familyRevokedAt: Date | null;
};

export interface OAuthStore {
  findClient(clientId: string): Promise<Client | null>;
  findClientByApplicationId(applicationId: string): Promise<Client | null>;
  findSecretDigests(applicationId: string): Promise<{ id: string; digest: string }[]>;
  markSecretUsed(secretId: string, at: Date): Promise<void>;

  findGrant(userId: string, applicationId: string): Promise<Grant | null>;
  /** Creates the grant or widens its scope to include `scope`; returns it. */
  saveGrant(userId: string, applicationId: string, scope: string, at: Date): Promise<Grant>;

  createPendingAuthorization(digest: string, details: AuthorizationDetails, expiresAt: Date): Promise<void>;
  findPendingAuthorization(digest: string): Promise<PendingAuthorization | null>;
  /** Marks it answered; false when it already was (only one decision counts). */
  consumePendingAuthorization(id: string, at: Date): Promise<boolean>;

  createCode(digest: string, details: Omit<CodeRecord, "id" | "usedAt">): Promise<void>;
  findCode(digest: string): Promise<CodeRecord | null>;
  /**
   * In one transaction: marks the code used if it was not, opens a token family and stores the
   * tokens. False (and nothing stored) when the code was already used.
   */
  redeemCode(code: CodeRecord, at: Date, familyExpiresAt: Date, tokens: TokenSet): Promise<boolean>;
  /** Revokes every token issued from the code (RFC 6749 §4.1.2). */
  revokeTokensOfCode(codeId: string, at: Date): Promise<void>;

  findRefreshToken(digest: string): Promise<RefreshRecord | null>;
  /**
   * In one transaction: marks the refresh token used if it was not (and its family is live),
   * ends the access tokens issued with it, and stores the new tokens. False when it lost.
   */
  rotateRefreshToken(old: RefreshRecord, at: Date, tokens: TokenSet): Promise<boolean>;
  revokeFamily(familyId: string, at: Date): Promise<void>;

  findAccessToken(digest: string): Promise<AccessRecord | null>;
  /** Ends one access token (RFC 7009: revoking an access token revokes only it). */
  revokeAccessToken(id: string, at: Date): Promise<void>;

  findUserClaims(userId: string): Promise<UserClaims | null>;
}

export type UserClaims = { id: string; name: string; username: string; email: string };
