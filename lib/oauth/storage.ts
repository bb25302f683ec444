import type { GrantType } from "@/lib/oauth/grant-types";
import type { SigningKeyStore } from "@/lib/oauth/signing-keys";

/**
 * What the protocol core needs from storage, as narrow contracts in the fosite manner: one per
 * thing stored, keyed by digests, never by tokens. lib/db implements them on the database;
 * lib/oauth/testing/memory-storage.ts implements them with Maps for the behaviour tests. Both
 * are held to one contract suite (lib/oauth/testing/storage-contract.ts), races included.
 */

/** The two kinds of client (RFC 6749 §2.1): one list for the dashboard, the database and the protocol. */
export const CLIENT_TYPES = ["confidential", "public"] as const;
export type ClientType = (typeof CLIENT_TYPES)[number];

/**
 * The algorithms an app's ID tokens may be signed with (OpenID Connect Registration §2
 * id_token_signed_response_alg): RS256, the default every relying party supports (OpenID Connect
 * Core §15.1), or ES256.
 */
export const ID_TOKEN_ALGS = ["RS256", "ES256"] as const;
export type IdTokenAlg = (typeof ID_TOKEN_ALGS)[number];
export const DEFAULT_ID_TOKEN_ALG: IdTokenAlg = "RS256";

export type Client = {
  id: string;
  clientId: string;
  name: string;
  /** The developer's words for the consent screen, or null. */
  description: string | null;
  clientType: ClientType;
  redirectUris: string[];
  homepageUrl: string | null;
  privacyPolicyUrl: string | null;
  termsUrl: string | null;
  ownerName: string;
  /** The restricted scopes an operator approved for this app, sorted. */
  approvedScopes: string[];
  idTokenAlg: IdTokenAlg;
  /** Where RP-Initiated Logout may return the browser, in order. */
  postLogoutRedirectUris: string[];
  /** The grants the app may use (lib/oauth/grant-types.ts), in GRANT_TYPES' order. */
  grantTypes: GrantType[];
  /** The API scopes an operator approved for the app's own tokens (client_credentials), sorted. */
  serviceScopes: string[];
};

/** Applications and their secrets (RFC 6749 §2.3.1: either of two active secrets authenticates). */
export interface ClientStore {
  findClient(clientId: string): Promise<Client | null>;
  findClientByApplicationId(applicationId: string): Promise<Client | null>;
  findSecretDigests(applicationId: string): Promise<{ id: string; digest: string }[]>;
  markSecretUsed(secretId: string, at: Date): Promise<void>;
}

/** An operator's registered API (a resource server): it may introspect tokens that carry its scopes. */
export type RegisteredApi = { id: string; apiId: string; name: string; identifier: string };

/** Registered APIs and their introspection secrets (two active ones, like an app's). */
export interface ApiStore {
  findApi(apiId: string): Promise<RegisteredApi | null>;
  findApiSecretDigests(id: string): Promise<{ id: string; digest: string }[]>;
  markApiSecretUsed(secretId: string, at: Date): Promise<void>;
}

export type Grant = { id: string; scope: string; createdAt: Date };

/** An authorization request as approved or shown: what a code and a consent screen are bound to. */
export type AuthorizationDetails = {
  applicationId: string;
  userId: string;
  redirectUri: string;
  redirectUriSent: boolean;
  scope: string;
  state: string | null;
  /** Always S256 when present (RFC 7636 §4.3: plain is refused at authorize). */
  codeChallenge: string | null;
  /** OpenID Connect Core §3.1.2.1: echoed exactly in the ID token. */
  nonce: string | null;
  /** When the user signed in (OpenID Connect Core §2 auth_time): the session's sign-in. */
  authTime: Date | null;
  /** The APIs the request named (RFC 8707 resource), normalised; empty when it named none. */
  resource: string[];
};

export type PendingAuthorization = AuthorizationDetails & { id: string; expiresAt: Date; usedAt: Date | null };

/** A user's standing consent per app, and the consent screens still open. */
export interface GrantStore {
  findGrant(userId: string, applicationId: string): Promise<Grant | null>;
  /** Creates the grant or widens its scope to include `scope`; racing saves lose no scope and make one grant. */
  saveGrant(userId: string, applicationId: string, scope: string, at: Date): Promise<Grant>;

  /** Stores a consent request; of the user's requests, only the newest `keepAtMost` are kept (bounded storage). */
  createPendingAuthorization(digest: string, details: AuthorizationDetails, expiresAt: Date, keepAtMost: number): Promise<void>;
  findPendingAuthorization(digest: string): Promise<PendingAuthorization | null>;
  /** Marks it answered; false when it already was (only one decision counts). */
  consumePendingAuthorization(id: string, at: Date): Promise<boolean>;
}

export type CodeRecord = Omit<AuthorizationDetails, "state"> & {
  id: string;
  grantId: string;
  expiresAt: Date;
  usedAt: Date | null;
};

/** The digests and expiries of a freshly minted access and refresh token pair. */
export type TokenSet = {
  accessDigest: string;
  accessExpiresAt: Date;
  accessScope: string;
  /** The APIs the access token is for, and the issuer when it carries user scopes (RFC 8707); null: unbound. */
  accessAudience: string[] | null;
  refreshDigest: string;
  refreshExpiresAt: Date;
};

/** Authorization codes: stored at approval, redeemed once. */
export interface CodeStore {
  createCode(digest: string, details: Omit<CodeRecord, "id" | "usedAt">): Promise<void>;
  findCode(digest: string): Promise<CodeRecord | null>;
  /**
   * Atomically: marks the code used if it was not, opens a token family and stores the tokens.
   * False (and nothing stored) when the code was already used: of concurrent redemptions exactly
   * one returns true.
   */
  redeemCode(code: CodeRecord, at: Date, familyExpiresAt: Date, tokens: TokenSet): Promise<boolean>;
  /** Revokes every token issued from the code (RFC 6749 §4.1.2). */
  revokeTokensOfCode(codeId: string, at: Date): Promise<void>;
}

export type RefreshRecord = {
  id: string;
  familyId: string;
  /** The sign-in of the authorization that opened the family (OpenID Connect Core §12.2). */
  authTime: Date | null;
  applicationId: string;
  userId: string;
  grantId: string;
  familyScope: string;
  /** The resources its authorization named (RFC 8707): a refresh may ask for any of them. */
  familyResource: string[];
  /** The scope the family's grant holds now: the family is good for no more (see heldScopes). */
  grantScope: string;
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
  /** Who the token is for (RFC 8707); null: unbound, as before resource indicators. */
  audience: string[] | null;
  /** The scope the token's grant holds now: the token is good for no more (see heldScopes). */
  grantScope: string;
  createdAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  familyRevokedAt: Date | null;
};

/** Token families: every access and refresh token descended from one code redemption. */
export type EndedRefreshRecord = { applicationId: string; reason: "user_revoked"; endedAt: Date; expiresAt: Date };

export interface TokenFamilyStore {
  findRefreshToken(digest: string): Promise<RefreshRecord | null>;
  /**
   * Atomically: marks the refresh token used if it was not (and its family is live), ends the
   * access tokens issued with it, and stores the new tokens. False when it lost: of concurrent
   * rotations exactly one returns true.
   */
  rotateRefreshToken(old: RefreshRecord, at: Date, tokens: TokenSet): Promise<boolean>;
  /** Ends every token of the family, including those a concurrent rotation is issuing. */
  revokeFamily(familyId: string, at: Date): Promise<void>;

  /**
   * Why a refresh token that no longer exists stopped working, while it would otherwise still
   * live: its grant was deleted by the user. Null when nothing is known about it.
   */
  findEndedRefreshToken(digest: string): Promise<EndedRefreshRecord | null>;

  findAccessToken(digest: string): Promise<AccessRecord | null>;
  /** Ends one access token (RFC 7009 §2.1: revoking an access token revokes only it). */
  revokeAccessToken(id: string, at: Date): Promise<void>;
}

/** An app's access token for itself (client_credentials, RFC 6749 §4.4): no user, no grant, one API. */
export type ServiceTokenRecord = {
  id: string;
  applicationId: string;
  clientId: string;
  scope: string;
  /** The normalised identifier of the API it is for. */
  audience: string;
  createdAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
};

/** Service tokens: issued one at a time, found by digest, revoked one at a time (RFC 7009). */
export interface ServiceTokenStore {
  issueServiceToken(digest: string, token: Pick<ServiceTokenRecord, "applicationId" | "scope" | "audience" | "expiresAt">, at: Date): Promise<void>;
  findServiceToken(digest: string): Promise<ServiceTokenRecord | null>;
  revokeServiceToken(id: string, at: Date): Promise<void>;
}

/** A user's personal API key, as a bearer credential (its name and hints stay with the account page). */
export type PersonalKeyRecord = {
  id: string;
  userId: string;
  scope: string;
  /** The one API the key is bound to (normalised identifier), or null: unbound. */
  audience: string | null;
  createdAt: Date;
  expiresAt: Date | null;
};

/** Personal API keys: found by digest, their last use recorded (coalesced). */
export interface PersonalKeyStore {
  findPersonalKey(digest: string): Promise<PersonalKeyRecord | null>;
  markPersonalKeyUsed(id: string, at: Date): Promise<void>;
}

export type UserClaims = { id: string; name: string; username: string; email: string };

/** What userinfo and introspection may say about a user. */
export interface UserClaimStore {
  findUserClaims(userId: string): Promise<UserClaims | null>;
}

/** Every storage contract of the protocol core, as one server wires them. */
export type OAuthStorage = {
  signingKeys: SigningKeyStore;
  clients: ClientStore;
  apis: ApiStore;
  grants: GrantStore;
  codes: CodeStore;
  tokens: TokenFamilyStore;
  services: ServiceTokenStore;
  keys: PersonalKeyStore;
  users: UserClaimStore;
};
