// npm install oauth4webapi
import * as oauth from "oauth4webapi";

const issuer = new URL("{{issuer}}");
const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { algorithm: "oauth2" }));
const client = { client_id: "YOUR_CLIENT_ID" };
const { CLIENT_SECRET } = process.env;
if (!CLIENT_SECRET) throw new Error("set CLIENT_SECRET");
const clientAuth = oauth.ClientSecretBasic(CLIENT_SECRET);

let current = { accessToken: "", expiresAt: 0 };

/** A token for the Notes API, reused until a minute before it expires (there is no refresh token). */
async function serviceToken() {
  if (Date.now() < current.expiresAt - 60_000) return current.accessToken;
  const response = await oauth.clientCredentialsGrantRequest(as, client, clientAuth, {
    resource: "https://notes.example.com/",
    scope: "notes.read",
  });
  const token = await oauth.processClientCredentialsResponse(as, client, response);
  current = { accessToken: token.access_token, expiresAt: Date.now() + (token.expires_in ?? 0) * 1000 };
  return current.accessToken;
}

const headers = { Authorization: `Bearer ${await serviceToken()}` };
const notes = await fetch("https://notes.example.com/notes", { headers });
