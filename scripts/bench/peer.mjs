// The benchmark's peer: panva's oidc-provider, configured as close to Gatehouse as it allows
// (opaque tokens, refresh rotation, the same lifetimes, PKCE, client_secret_basic), on
// 127.0.0.1. It seeds its own single-use codes and tokens through its models, writes them to
// the file named on the command line, and prints "ready".
//   node scripts/bench/peer.mjs PORT COUNT OUTFILE
import { createHash, randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import http from "node:http";
import Provider from "oidc-provider";

const [port, count, outFile] = [Number(process.argv[2]), Number(process.argv[3]), process.argv[4]];
const issuer = `http://127.0.0.1:${port}`;
const REDIRECT_URI = "https://client.example/cb";
const CLIENT = { client_id: "bench-client", client_secret: "bench-secret-0123456789abcdefghijklmnopqrstuv" };
const ACCOUNT = "bench-user";
// Gatehouse's scopes as OIDC scopes; openid only where the peer needs it (userinfo), so that no
// ID token is signed where Gatehouse issues none.
const SCOPE = "offline_access profile email";

/**
 * oidc-provider's storage: its quick-start adapter keeps at most 1,000 entries (an LRU), so the
 * seeded codes and tokens would be evicted. This keeps everything in Maps with the same
 * semantics (expiry, consume, revoke by grant), as an in-memory deployment would.
 */
const entries = new Map();
const byGrant = new Map();
class MapAdapter {
  constructor(model) {
    this.model = model;
  }
  key(id) {
    return `${this.model}:${id}`;
  }
  async upsert(id, payload, expiresIn) {
    const key = this.key(id);
    entries.set(key, { payload, expiresAt: expiresIn ? Date.now() + expiresIn * 1000 : Infinity });
    if (payload.grantId) {
      if (!byGrant.has(payload.grantId)) byGrant.set(payload.grantId, new Set());
      byGrant.get(payload.grantId).add(key);
    }
  }
  async find(id) {
    const entry = entries.get(this.key(id));
    if (!entry) return undefined;
    if (entry.expiresAt <= Date.now()) {
      entries.delete(this.key(id));
      return undefined;
    }
    return entry.payload;
  }
  async findByUid(uid) {
    for (const [key, entry] of entries) if (key.startsWith(`${this.model}:`) && entry.payload.uid === uid) return entry.payload;
    return undefined;
  }
  async findByUserCode() {
    return undefined;
  }
  async consume(id) {
    const entry = entries.get(this.key(id));
    if (entry) entry.payload.consumed = Math.floor(Date.now() / 1000);
  }
  async destroy(id) {
    entries.delete(this.key(id));
  }
  async revokeByGrantId(grantId) {
    for (const key of byGrant.get(grantId) ?? []) entries.delete(key);
    byGrant.delete(grantId);
  }
}

const provider = new Provider(issuer, {
  adapter: MapAdapter,
  clients: [
    {
      ...CLIENT,
      redirect_uris: [REDIRECT_URI],
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_basic",
    },
  ],
  features: {
    introspection: { enabled: true, allowedPolicy: async () => true },
    revocation: { enabled: true },
    userinfo: { enabled: true },
    devInteractions: { enabled: false },
  },
  ttl: { AccessToken: 7200, AuthorizationCode: 3600, RefreshToken: 30 * 86400, Grant: 90 * 86400, Session: 86400, Interaction: 600 },
  rotateRefreshToken: true,
  issueRefreshToken: async () => true,
  pkce: { required: () => true },
  scopes: ["openid", "offline_access", "profile", "email"],
  claims: { openid: ["sub"], profile: ["name", "preferred_username"], email: ["email", "email_verified"] },
  findAccount: async (_ctx, id) => ({
    accountId: id,
    claims: async () => ({ sub: id, name: "Bench User", preferred_username: "bench", email: "bench@example.com", email_verified: false }),
  }),
  cookies: { keys: [randomBytes(32).toString("hex")] },
});
provider.proxy = false;

const client = await provider.Client.find(CLIENT.client_id);
const verifier = randomBytes(32).toString("base64url");
const challenge = createHash("sha256").update(verifier).digest("base64url");

/** A grant of its own for every seeded value, as every Gatehouse code opens a token family of its own. */
async function base() {
  const grant = new provider.Grant({ accountId: ACCOUNT, clientId: CLIENT.client_id });
  grant.addOIDCScope(`openid ${SCOPE}`);
  return { accountId: ACCOUNT, client, grantId: await grant.save(), authTime: Math.floor(Date.now() / 1000) };
}

const codes = [];
const refreshTokens = [];
const revokeTokens = [];
for (let i = 0; i < count; i++) {
  codes.push(await new provider.AuthorizationCode({ ...(await base()), scope: SCOPE, redirectUri: REDIRECT_URI, codeChallenge: challenge, codeChallengeMethod: "S256" }).save());
  refreshTokens.push(await new provider.RefreshToken({ ...(await base()), scope: SCOPE, gty: "authorization_code", rotations: 0, iiat: Math.floor(Date.now() / 1000) }).save());
  revokeTokens.push(await new provider.AccessToken({ ...(await base()), scope: SCOPE, gty: "authorization_code" }).save());
}
const accessToken = await new provider.AccessToken({ ...(await base()), scope: `openid ${SCOPE}`, gty: "authorization_code" }).save();

writeFileSync(
  outFile,
  JSON.stringify({
    issuer,
    client: CLIENT,
    redirectUri: REDIRECT_URI,
    verifier,
    accessToken,
    codes,
    refreshTokens,
    revokeTokens,
    paths: { metadata: "/.well-known/openid-configuration", token: "/token", revoke: "/token/revocation", introspect: "/token/introspection", userinfo: "/me" },
  }),
);
http.createServer(provider.callback()).listen(port, "127.0.0.1", () => console.log("ready"));
