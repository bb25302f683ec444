import { expect, test } from "@playwright/test";
import * as oauth from "oauth4webapi";
import { newAccount, registerApp, signUp } from "./helpers";
import { approve, developerRegisters, OIDC_SCOPE } from "./relying-party";

const CALLBACK = "http://127.0.0.1:8976/callback";
const insecure = { [oauth.allowInsecureRequests]: true }; // the test server runs on plain http://127.0.0.1

test("a standard client library runs the whole flow from the metadata document", async ({ browser, page, baseURL }) => {
  const developer = await browser.newContext();
  const devPage = await developer.newPage();
  await signUp(devPage, newAccount("Library Developer"));
  const app = await registerApp(devPage, { name: "Library Client", uris: [CALLBACK] });
  await developer.close();

  const issuer = new URL(baseURL!);
  const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { algorithm: "oauth2", ...insecure }));
  expect(as.code_challenge_methods_supported).toEqual(["S256"]);
  expect(as.authorization_response_iss_parameter_supported).toBe(true);

  const client: oauth.Client = { client_id: app.clientId };
  const clientAuth = oauth.ClientSecretBasic(app.clientSecret!);
  const codeVerifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const authorizationUrl = new URL(as.authorization_endpoint!);
  authorizationUrl.search = new URLSearchParams({
    client_id: app.clientId,
    redirect_uri: CALLBACK,
    response_type: "code",
    scope: "profile email",
    state,
    code_challenge: await oauth.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: "S256",
  }).toString();

  await page.route("http://127.0.0.1:8976/**", (route) => route.fulfill({ status: 200, body: "callback" }));
  const user = newAccount("Library User");
  await signUp(page, user);
  await page.goto(authorizationUrl.toString());
  await page.getByRole("button", { name: "Approve" }).click();
  await page.waitForURL(/^http:\/\/127\.0\.0\.1:8976\/callback\?/);

  // Checks state and iss (RFC 9207) against the metadata.
  const params = oauth.validateAuthResponse(as, client, new URL(page.url()), state);
  const tokenResponse = await oauth.processAuthorizationCodeResponse(
    as,
    client,
    await oauth.authorizationCodeGrantRequest(as, client, clientAuth, params, CALLBACK, codeVerifier, insecure),
  );
  expect(tokenResponse.token_type).toBe("bearer");
  expect(tokenResponse.scope).toBe("email profile user.read");

  const refreshed = await oauth.processRefreshTokenResponse(
    as,
    client,
    await oauth.refreshTokenGrantRequest(as, client, clientAuth, tokenResponse.refresh_token!, insecure),
  );
  expect(refreshed.access_token).not.toBe(tokenResponse.access_token);

  const userinfo = await oauth.processUserInfoResponse(
    as,
    client,
    oauth.skipSubjectCheck,
    await oauth.userInfoRequest(as, client, refreshed.access_token, insecure),
  );
  expect(userinfo).toMatchObject({ name: user.name, email: user.email, email_verified: false });
  expect(userinfo.sub).toMatch(/^[a-z0-9]+$/);

  await oauth.processRevocationResponse(await oauth.revocationRequest(as, client, clientAuth, refreshed.refresh_token!, insecure));
  const afterRevoke = await oauth.userInfoRequest(as, client, refreshed.access_token, insecure);
  expect(afterRevoke.status).toBe(401);
  expect(afterRevoke.headers.get("www-authenticate")).toContain('error="invalid_token"');
});

test("oauth4webapi signs a user in with OpenID Connect: requireIdToken, the nonce, the ID token's signature", async ({ browser, page, baseURL }) => {
  const app = await developerRegisters(browser, "oauth4webapi OpenID", [CALLBACK]);
  const issuer = new URL(baseURL!);
  // The default algorithm, "oidc": /.well-known/openid-configuration (OpenID Connect Discovery 1.0 §4).
  const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, insecure));
  expect(as.jwks_uri).toBe(`${baseURL}/oauth/jwks`);

  const client: oauth.Client = { client_id: app.clientId };
  const clientAuth = oauth.ClientSecretBasic(app.clientSecret!);
  const codeVerifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const nonce = oauth.generateRandomNonce();
  const authorizationUrl = new URL(as.authorization_endpoint!);
  authorizationUrl.search = new URLSearchParams({
    client_id: app.clientId,
    redirect_uri: CALLBACK,
    response_type: "code",
    scope: OIDC_SCOPE,
    state,
    nonce,
    code_challenge: await oauth.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: "S256",
  }).toString();

  await page.route("http://127.0.0.1:8976/**", (route) => route.fulfill({ status: 200, body: "callback" }));
  const user = newAccount("Oona Idtoken");
  await signUp(page, user);
  await page.goto(authorizationUrl.toString());
  await approve(page);
  await page.waitForURL(/^http:\/\/127\.0\.0\.1:8976\/callback\?/);

  const params = oauth.validateAuthResponse(as, client, new URL(page.url()), state);
  const response = await oauth.authorizationCodeGrantRequest(as, client, clientAuth, params, CALLBACK, codeVerifier, insecure);
  // Checks iss, aud, exp, iat, the nonce and at_hash's presence rules; then the signature, with the keys at jwks_uri.
  const tokens = await oauth.processAuthorizationCodeResponse(as, client, response, { expectedNonce: nonce, requireIdToken: true });
  await oauth.validateApplicationLevelSignature(as, response, insecure);
  const claims = oauth.getValidatedIdTokenClaims(tokens)!;
  expect(claims).toMatchObject({ iss: baseURL, aud: app.clientId, nonce, name: user.name, email: user.email });
  expect(claims.auth_time).toEqual(expect.any(Number));

  const userinfo = await oauth.processUserInfoResponse(as, client, claims.sub, await oauth.userInfoRequest(as, client, tokens.access_token, insecure));
  expect(userinfo.sub).toBe(claims.sub);
});
