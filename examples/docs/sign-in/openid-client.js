// npm install openid-client
import * as client from "openid-client";

const { GATEHOUSE_CLIENT_ID, GATEHOUSE_CLIENT_SECRET } = process.env;
if (!GATEHOUSE_CLIENT_ID || !GATEHOUSE_CLIENT_SECRET) throw new Error("set GATEHOUSE_CLIENT_ID and GATEHOUSE_CLIENT_SECRET");
// Reads {{openid_configuration}} and checks its issuer.
const config = await client.discovery(new URL("{{issuer}}"), GATEHOUSE_CLIENT_ID, GATEHOUSE_CLIENT_SECRET);
const redirectUri = "https://app.example.com/callback";

// Sign-in: keep codeVerifier, nonce and state in the user's session.
const codeVerifier = client.randomPKCECodeVerifier();
const nonce = client.randomNonce();
const state = client.randomState();
const url = client.buildAuthorizationUrl(config, {
  redirect_uri: redirectUri, scope: "openid profile email", nonce, state,
  code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
  code_challenge_method: "{{code_challenge_method}}",
});

// Callback: checks state and iss, redeems the code, validates the ID token (iss, aud, exp, iat, nonce).
const tokens = await client.authorizationCodeGrant(config, new URL(callbackUrl), {
  pkceCodeVerifier: codeVerifier, expectedNonce: nonce, expectedState: state,
});
const user = tokens.claims(); // user.sub is the account's stable ID

// Sign-out, at Gatehouse too: register https://app.example.com/signed-out on the app's page first.
const signOutUrl = client.buildEndSessionUrl(config, {
  id_token_hint: tokens.id_token ?? "",
  post_logout_redirect_uri: "https://app.example.com/signed-out",
  state: client.randomState(),
});
