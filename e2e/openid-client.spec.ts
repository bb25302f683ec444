import { expect, test } from "@playwright/test";
import * as client from "openid-client";
import { newAccount, signUp } from "./helpers";
import { approve, developerRegisters, OIDC_SCOPE } from "./relying-party";

const CALLBACK = "http://127.0.0.1:8979/callback";

test("openid-client with its defaults: discovery, the code flow with a nonce, a validated ID token, userinfo and a refreshed ID token", async ({ browser, page, baseURL }) => {
  const app = await developerRegisters(browser, "openid-client", [CALLBACK]);

  // discovery() without an algorithm reads /.well-known/openid-configuration (OpenID Connect
  // Discovery 1.0 §4) and checks its issuer. Beyond the defaults: plain http to this loopback
  // server, and the ID token's signature checked against jwks_uri as well as its claims.
  const config = await client.discovery(new URL(baseURL!), app.clientId, app.clientSecret!, undefined, {
    execute: [client.allowInsecureRequests, client.enableNonRepudiationChecks],
  });
  const metadata = config.serverMetadata();
  expect(metadata.issuer).toBe(baseURL);
  expect(metadata.jwks_uri).toBe(`${baseURL}/oauth/jwks`);
  expect(metadata.end_session_endpoint).toBe(`${baseURL}/oauth/end-session`);
  expect(metadata.subject_types_supported).toEqual(["public"]);
  expect(metadata.id_token_signing_alg_values_supported).toEqual(expect.arrayContaining(["RS256"]));
  expect(metadata.scopes_supported).toEqual(expect.arrayContaining(["openid", "profile", "email"]));

  const codeVerifier = client.randomPKCECodeVerifier();
  const nonce = client.randomNonce();
  const state = client.randomState();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: CALLBACK,
    scope: OIDC_SCOPE,
    nonce,
    state,
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: "S256",
  });

  await page.route("http://127.0.0.1:8979/**", (route) => route.fulfill({ status: 200, body: "callback" }));
  const user = newAccount("Odile Client");
  await signUp(page, user);
  await page.goto(url.href);
  await approve(page);
  await page.waitForURL(/^http:\/\/127\.0\.0\.1:8979\/callback\?/);

  const tokens = await client.authorizationCodeGrant(config, new URL(page.url()), { pkceCodeVerifier: codeVerifier, expectedNonce: nonce, expectedState: state });
  expect(tokens.scope!.split(" ")).toEqual(expect.arrayContaining(["openid", "profile", "email"]));
  const claims = tokens.claims()!;
  expect(claims).toMatchObject({ iss: baseURL, aud: app.clientId, nonce, name: user.name, email: user.email, email_verified: false });
  expect(claims.azp).toBeUndefined();
  expect(claims.exp - claims.iat).toBe(3600);
  expect(claims.auth_time).toEqual(expect.any(Number));
  expect(claims.at_hash).toEqual(expect.any(String));

  // The same sub as userinfo's: fetchUserInfo refuses a different one (OpenID Connect Core §5.3.2).
  const userinfo = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
  expect(userinfo).toMatchObject({ sub: claims.sub, name: user.name, email: user.email });

  // A refresh of a grant with openid brings a new ID token (OpenID Connect Core §12.2): the same
  // iss, sub, aud and auth_time, no nonce; openid-client validates it against the first.
  const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token!);
  const again = refreshed.claims()!;
  expect(again).toMatchObject({ iss: baseURL, sub: claims.sub, aud: app.clientId, auth_time: claims.auth_time });
  expect(again.nonce).toBeUndefined();
  expect(again.iat).toBeGreaterThanOrEqual(claims.iat);
});

test("openid-client refuses an ID token whose nonce is not the one it sent", async ({ browser, page, baseURL }) => {
  const app = await developerRegisters(browser, "openid-client nonce", [CALLBACK]);
  const config = await client.discovery(new URL(baseURL!), app.clientId, app.clientSecret!, undefined, { execute: [client.allowInsecureRequests] });
  const codeVerifier = client.randomPKCECodeVerifier();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: CALLBACK,
    scope: "openid",
    nonce: client.randomNonce(),
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: "S256",
  });
  await page.route("http://127.0.0.1:8979/**", (route) => route.fulfill({ status: 200, body: "callback" }));
  await signUp(page, newAccount("Nina Nonce"));
  await page.goto(url.href);
  await approve(page);
  await page.waitForURL(/^http:\/\/127\.0\.0\.1:8979\/callback\?/);
  const refused = await client.authorizationCodeGrant(config, new URL(page.url()), { pkceCodeVerifier: codeVerifier, expectedNonce: client.randomNonce() }).catch((error: unknown) => error);
  expect(refused).toBeInstanceOf(client.ClientError);
  expect(refused).toMatchObject({ code: "OAUTH_JWT_CLAIM_COMPARISON_FAILED", cause: { cause: { claim: "nonce" } } });
});
