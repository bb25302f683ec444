// npm install oauth4webapi
import * as oauth from "oauth4webapi";

const issuer = new URL("{{issuer}}");
const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { algorithm: "oauth2" }));
const { GATEHOUSE_CLIENT_ID, GATEHOUSE_CLIENT_SECRET } = process.env;
if (!GATEHOUSE_CLIENT_ID || !GATEHOUSE_CLIENT_SECRET) throw new Error("set GATEHOUSE_CLIENT_ID and GATEHOUSE_CLIENT_SECRET");
const client = { client_id: GATEHOUSE_CLIENT_ID };
const clientAuth = oauth.ClientSecretBasic(GATEHOUSE_CLIENT_SECRET);
const redirectUri = "https://app.example.com/callback";

// Sign-in: keep codeVerifier and state in the user's session.
const codeVerifier = oauth.generateRandomCodeVerifier();
const state = oauth.generateRandomState();
if (!as.authorization_endpoint) throw new Error("the metadata names no authorization_endpoint");
const url = new URL(as.authorization_endpoint);
url.search = new URLSearchParams({
  response_type: "code", client_id: client.client_id, redirect_uri: redirectUri, scope: "user.read profile email", state,
  code_challenge: await oauth.calculatePKCECodeChallenge(codeVerifier), code_challenge_method: "{{code_challenge_method}}",
}).toString();

// Callback: checks state and iss (RFC 9207), then exchanges the code.
const params = oauth.validateAuthResponse(as, client, new URL(callbackUrl), state);
const tokens = await oauth.processAuthorizationCodeResponse(as, client,
  await oauth.authorizationCodeGrantRequest(as, client, clientAuth, params, redirectUri, codeVerifier));
const user = await oauth.processUserInfoResponse(as, client, oauth.skipSubjectCheck,
  await oauth.userInfoRequest(as, client, tokens.access_token));
