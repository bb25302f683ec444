import { z } from "zod";
import type { OAuthContext } from "@/lib/oauth/context";
import { invalidClient, invalidRequest } from "@/lib/oauth/errors";
import { readBasicCredentials } from "@/lib/oauth/http";
import { optionalParam, type Params } from "@/lib/oauth/params";
import { matchesDigest } from "@/lib/oauth/secrets";
import type { Client } from "@/lib/oauth/storage";

/**
 * The client authentication methods, by their RFC 8414 / IANA names: the one list that metadata,
 * the docs and authenticateClient read. `none` is a public client's bare client_id.
 */
export const CLIENT_AUTH_METHODS = ["client_secret_basic", "client_secret_post", "none"] as const;
export type ClientAuthMethod = (typeof CLIENT_AUTH_METHODS)[number];
/** Introspection tells about tokens, so only a client that proves its identity may ask. */
export const SECRET_AUTH_METHODS = CLIENT_AUTH_METHODS.filter((m) => m !== "none");

export type AuthenticatedClient = { client: Client; method: ClientAuthMethod };

/** The body parameters of client authentication (RFC 6749 §2.3.1). */
export const clientAuthParameters = z.object({ client_id: optionalParam(), client_secret: optionalParam() });

/**
 * Client authentication at the token, revocation and introspection endpoints (RFC 6749 §2.3.1,
 * §3.2.1): HTTP Basic, client_secret in the body, or a public client's bare client_id. One
 * method per request; either of an app's active secrets works and is marked used.
 */
export async function authenticateClient(request: Request, params: Params, ctx: OAuthContext): Promise<AuthenticatedClient> {
  const basic = readBasicCredentials(request);
  const body = params.parse(clientAuthParameters);

  let clientId: string;
  let secret: string | undefined;
  let method: ClientAuthMethod;
  if (basic) {
    if (body.client_secret !== undefined) throw invalidRequest("use one client authentication method: HTTP Basic or client_secret in the body, not both");
    if (body.client_id !== undefined && body.client_id !== basic.clientId) throw invalidRequest("client_id in the body differs from the one in the Basic credentials");
    ({ clientId, clientSecret: secret } = basic);
    method = "client_secret_basic";
  } else {
    if (body.client_id === undefined) {
      throw invalidClient("client authentication is missing: send HTTP Basic credentials, or client_id (and client_secret for a confidential app)", false);
    }
    clientId = body.client_id;
    secret = body.client_secret;
    method = secret === undefined ? "none" : "client_secret_post";
  }
  const triedBasic = method === "client_secret_basic";

  const client = await ctx.clients.findClient(clientId);
  if (!client) throw invalidClient("no application has this client_id", triedBasic);

  if (client.clientType === "public") {
    if (secret) throw invalidClient("this app is public: send client_id without a secret, and a code_verifier", triedBasic);
    return { client, method: "none" };
  }
  if (!secret) throw invalidClient("this app is confidential: authenticate with its client secret (HTTP Basic or client_secret)", triedBasic);

  const secrets = await ctx.clients.findSecretDigests(client.id);
  // Compare with every active secret in constant time (there are at most two).
  const match = secrets.map((s) => (matchesDigest(secret, s.digest) ? s : null)).find((s) => s !== null);
  if (!match) throw invalidClient("the client secret is wrong or was revoked; check the app's dashboard page", triedBasic, `client_id ${client.clientId}`);
  await ctx.clients.markSecretUsed(match.id, ctx.clock.now());
  return { client, method };
}
