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

const provider = new Provider(issuer, {
  clients: [
    {
      ...CLIENT,
      redirect_uris: [REDIRECT_URI],
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_basic",
    },
  ],
  features: { introspection: { enabled: true }, revocation: { enabled: true }, userinfo: { enabled: true }, devInteractions: { enabled: false } },
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
const grant = new provider.Grant({ accountId: ACCOUNT, clientId: CLIENT.client_id });
grant.addOIDCScope(`openid ${SCOPE}`);
const grantId = await grant.save();

const verifier = randomBytes(32).toString("base64url");
const challenge = createHash("sha256").update(verifier).digest("base64url");
const base = { accountId: ACCOUNT, client, grantId, authTime: Math.floor(Date.now() / 1000) };

const codes = [];
const refreshTokens = [];
const revokeTokens = [];
for (let i = 0; i < count; i++) {
  codes.push(await new provider.AuthorizationCode({ ...base, scope: SCOPE, redirectUri: REDIRECT_URI, codeChallenge: challenge, codeChallengeMethod: "S256" }).save());
  refreshTokens.push(await new provider.RefreshToken({ ...base, scope: SCOPE, gty: "authorization_code", rotations: 0, iiat: Math.floor(Date.now() / 1000) }).save());
  revokeTokens.push(await new provider.AccessToken({ ...base, scope: SCOPE, gty: "authorization_code" }).save());
}
const accessToken = await new provider.AccessToken({ ...base, scope: `openid ${SCOPE}`, gty: "authorization_code" }).save();

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
