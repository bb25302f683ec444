// Seeds Gatehouse for the benchmark through lib/ (no browser): a developer's confidential app, an
// end user with a grant, and single-use codes and tokens in bulk, issued by the same storage the
// server uses. Imported after DATABASE_URL is set.
import { randomBytes } from "node:crypto";
import { encode } from "next-auth/jwt";
import { createPersonalKey } from "@/lib/account/personal-keys";
import { createApplication } from "@/lib/apps/applications";
import { newSessionId, SESSION_SECONDS } from "@/lib/auth/options";
import { db } from "@/lib/testing/prisma";
import { closeHotPathStorage } from "@/lib/db/sql/connection";
import { databaseStorage } from "@/lib/db/storage";
import { addSeconds } from "@/lib/oauth/clock";
import { s256 } from "@/lib/oauth/pkce";
import { digest, generateOpaqueValue } from "@/lib/oauth/secrets";
import { mintTokenPair } from "@/lib/oauth/token-pair";
import { addApiScope, registerApi } from "@/lib/operator/apis";
import { freshScopeCatalogue } from "@/lib/scope-catalogue";

/** What each server under load is seeded with (Gatehouse here, the peer in peer.mjs). */
export type SeededValues = {
  redirectUri: string;
  /** The PKCE verifier of every seeded code. */
  verifier: string;
  /** For userinfo and introspection. */
  accessToken: string;
  /** Single use, one per request. */
  codes: string[];
  refreshTokens: string[];
  revokeTokens: string[];
};

export type GatehouseSeed = SeededValues & {
  clientId: string;
  clientSecret: string;
  consentPath: string;
  sessionCookie: string;
  /** A registered API's credentials; the seeded access tokens carry its scope. */
  apiId: string;
  apiSecret: string;
  /** The user's personal API key (email, profile). */
  personalKey: string;
  /** Codes and refresh tokens of the same app for the write floor (floor.mjs), which spends them on the same database. */
  floor: Pick<SeededValues, "codes" | "refreshTokens">;
};

const SEED_CONCURRENCY = 16;

/**
 * `count` values made by `make`, SEED_CONCURRENCY at a time, as concurrent requests reach the
 * storage: the writes of one turn share a commit on SQLite, and use the pool on PostgreSQL.
 */
async function seedMany<T>(count: number, make: () => Promise<T>): Promise<T[]> {
  const values: T[] = [];
  const worker = async () => {
    while (values.length < count) {
      const slot = values.length;
      values.push(undefined as T);
      values[slot] = await make();
    }
  };
  await Promise.all(Array.from({ length: Math.min(SEED_CONCURRENCY, count) }, worker));
  return values;
}

/** The registered API's scope is among them, so its introspection has something to say. */
const API_SCOPE = "bench.read";
const SCOPE = `${API_SCOPE} email profile user.read`;
const LIFETIMES = { codeSeconds: 3600, personalDataCodeSeconds: 3600, accessTokenSeconds: 7200, refreshTokenSeconds: 30 * 86400, refreshAbsoluteSeconds: 90 * 86400, idTokenSeconds: 3600, serviceTokenSeconds: 3600 };

/** How many of each single-use value to seed: a run that measures only some scenarios seeds only what they spend. */
export type SeedCounts = { codes: number; refreshTokens: number; revokeTokens: number; floor: number };

export async function seedGatehouse(counts: SeedCounts, sessionSecret: string): Promise<GatehouseSeed> {
  const tag = randomBytes(4).toString("hex");
  const owner = await db().user.create({ data: { email: `dev-${tag}@example.com`, name: "Bench Developer", username: `dev-${tag}`, passwordHash: "unused" } });
  const user = await db().user.create({ data: { email: `user-${tag}@example.com`, name: "Bench User", username: `user-${tag}`, passwordHash: "unused" } });
  const redirectUri = "https://client.example/cb";
  const app = await createApplication(owner.id, { name: "Bench App", clientType: "confidential", redirectUris: [redirectUri] });
  if (!app.ok || !app.clientSecret) throw new Error(`bench: could not register the app: ${JSON.stringify(app)}`);
  const operator = await db().user.create({ data: { email: `op-${tag}@example.com`, name: "Bench Operator", username: `op-${tag}`, passwordHash: "unused", role: "operator" } });
  const asOperator = { id: operator.id, email: operator.email, name: operator.name, username: operator.username, isOperator: true, signedInAt: new Date() };
  const api = await registerApi(asOperator, { name: "Bench API", identifier: `https://bench-${tag}.example` });
  if (!api.ok) throw new Error(`bench: could not register the API: ${JSON.stringify(api)}`);
  const scoped = await addApiScope(asOperator, api.id, { name: API_SCOPE, description: "Read bench data" });
  if (!scoped.ok) throw new Error(`bench: could not add the API's scope: ${JSON.stringify(scoped)}`);
  const key = await createPersonalKey(user.id, { name: "bench", scopes: ["email", "profile"], expiry: "30" }, await freshScopeCatalogue());
  if (!key.ok) throw new Error(`bench: could not create the personal key: ${JSON.stringify(key)}`);
  const storage = databaseStorage();
  const grant = await storage.grants.saveGrant(user.id, app.id, SCOPE, new Date());
  const verifier = randomBytes(32).toString("base64url");
  const details = { applicationId: app.id, userId: user.id, grantId: grant.id, redirectUri, redirectUriSent: true, scope: SCOPE, nonce: null, authTime: new Date(), resource: [] };
  const clock = { now: () => new Date() };

  /** A code stored as the consent screen would store it. */
  async function newCode(): Promise<string> {
    const code = generateOpaqueValue();
    await storage.codes.createCode(digest(code), { ...details, codeChallenge: s256(verifier), expiresAt: addSeconds(new Date(), LIFETIMES.codeSeconds) });
    return code;
  }
  /** A fresh token family, as a code exchange would open it. */
  async function newTokens() {
    const code = (await storage.codes.findCode(digest(await newCode())))!;
    const now = new Date();
    const familyExpiresAt = addSeconds(now, LIFETIMES.refreshAbsoluteSeconds);
    const pair = mintTokenPair({ clock, lifetimes: LIFETIMES }, SCOPE, null, familyExpiresAt);
    if (!(await storage.codes.redeemCode(code, now, familyExpiresAt, pair.stored))) throw new Error("bench: seeding lost a redemption");
    return pair.response;
  }

  const codes = await seedMany(counts.codes, newCode);
  const refreshTokens = await seedMany(counts.refreshTokens, async () => (await newTokens()).refresh_token);
  const revokeTokens = await seedMany(counts.revokeTokens, async () => (await newTokens()).access_token);
  const floor = { codes: await seedMany(counts.floor, newCode), refreshTokens: await seedMany(counts.floor, async () => (await newTokens()).refresh_token) };
  const accessToken = (await newTokens()).access_token;

  // A consent screen that stays open for the whole run, and the signed-in user's session cookie.
  const handle = generateOpaqueValue();
  const request = { applicationId: app.id, userId: user.id, redirectUri, redirectUriSent: true, scope: SCOPE, state: "bench", codeChallenge: s256(verifier), nonce: null, authTime: new Date(), resource: [] };
  await storage.grants.createPendingAuthorization(digest(handle), request, addSeconds(new Date(), 3600), 1);
  const session = await encode({ token: { uid: user.id, sv: 0, at: Math.floor(Date.now() / 1000), sid: newSessionId(), name: user.name, email: user.email, sub: user.id }, secret: sessionSecret, maxAge: SESSION_SECONDS });

  await db().$disconnect();
  await closeHotPathStorage();
  return {
    clientId: app.clientId,
    clientSecret: app.clientSecret,
    redirectUri,
    verifier,
    accessToken,
    codes,
    refreshTokens,
    revokeTokens,
    consentPath: `/oauth/consent?request=${encodeURIComponent(handle)}`,
    sessionCookie: `next-auth.session-token=${session}`,
    apiId: api.apiId,
    apiSecret: api.apiSecret,
    personalKey: key.key,
    floor,
  };
}
