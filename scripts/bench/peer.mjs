// The benchmark's peer: panva's oidc-provider, configured as close to Gatehouse as it allows
// (opaque tokens, refresh rotation, the same lifetimes, PKCE, client_secret_basic), on
// 127.0.0.1, with its storage in memory, on SQLite or on PostgreSQL (peer-storage.mjs). It seeds
// its own single-use codes and tokens through its models, writes them to the file named on the
// command line, and prints "ready".
//   node scripts/bench/peer.mjs PORT COUNT OUTFILE [memory | sqlite:FILE | postgres:URL]
// On SQLite, BENCH_SQLITE_SETTINGS holds Gatehouse's settings (a JSON list of PRAGMAs).
import { createHash, randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import http from "node:http";
import Provider from "oidc-provider";
import { memoryStorage, postgresStorage, sqliteStorage } from "./peer-storage.mjs";

const [port, count, outFile, storageSpec = "memory"] = [Number(process.argv[2]), Number(process.argv[3]), process.argv[4], process.argv[5]];

async function openStorage(spec) {
  if (spec === "memory") return memoryStorage();
  if (spec.startsWith("sqlite:")) {
    const settings = JSON.parse(process.env.BENCH_SQLITE_SETTINGS ?? "null");
    if (!Array.isArray(settings)) throw new Error("peer: BENCH_SQLITE_SETTINGS must list the SQLite settings");
    return sqliteStorage(spec.slice("sqlite:".length), settings);
  }
  if (spec.startsWith("postgres:")) return postgresStorage(spec.slice("postgres:".length));
  throw new Error(`peer: unknown storage ${spec}`);
}
const storage = await openStorage(storageSpec);
const issuer = `http://127.0.0.1:${port}`;
const REDIRECT_URI = "https://client.example/cb";
const CLIENT = { client_id: "bench-client", client_secret: "bench-secret-0123456789abcdefghijklmnopqrstuv" };
const ACCOUNT = "bench-user";
// Gatehouse's scopes as OIDC scopes; openid only where the peer needs it (userinfo), so that no
// ID token is signed where Gatehouse issues none.
const SCOPE = "offline_access profile email";

const provider = new Provider(issuer, {
  adapter: storage.Adapter,
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
/** Seeds the i-th code, refresh token and access token to revoke. */
async function seedOne(i) {
  codes[i] = await new provider.AuthorizationCode({ ...(await base()), scope: SCOPE, redirectUri: REDIRECT_URI, codeChallenge: challenge, codeChallengeMethod: "S256" }).save();
  refreshTokens[i] = await new provider.RefreshToken({ ...(await base()), scope: SCOPE, gty: "authorization_code", rotations: 0, iiat: Math.floor(Date.now() / 1000) }).save();
  revokeTokens[i] = await new provider.AccessToken({ ...(await base()), scope: SCOPE, gty: "authorization_code" }).save();
}
// Many at a time: on durable storage one by one would wait for a commit or a round trip each.
const SEED_CONCURRENCY = 64;
for (let from = 0; from < count; from += SEED_CONCURRENCY) {
  await Promise.all(Array.from({ length: Math.min(SEED_CONCURRENCY, count - from) }, (_, k) => seedOne(from + k)));
}
const accessToken = await new provider.AccessToken({ ...(await base()), scope: `openid ${SCOPE}`, gty: "authorization_code" }).save();
await storage.settle();

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
