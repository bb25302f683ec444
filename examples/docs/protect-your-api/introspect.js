// npm install oauth4webapi
import * as oauth from "oauth4webapi";

const issuer = new URL("{{issuer}}");
const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { algorithm: "oauth2" }));
const client = { client_id: "YOUR_API_ID" };
const { API_SECRET } = process.env;
if (!API_SECRET) throw new Error("set API_SECRET");
const auth = oauth.ClientSecretBasic(API_SECRET);

async function introspect(token) {
  const response = await oauth.introspectionRequest(as, client, auth, token);
  return oauth.processIntrospectionResponse(as, client, response); // { active, scope, aud, sub, ... }
}
