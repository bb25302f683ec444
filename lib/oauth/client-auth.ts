import { z } from "zod";
import type { OAuthContext } from "@/lib/oauth/context";
import { invalidClient, invalidRequest, OAuthError } from "@/lib/oauth/errors";
import { readBasicCredentials, type ProtocolRequest } from "@/lib/oauth/http";
import { optionalParam, type Params } from "@/lib/oauth/params";
import { pairKey } from "@/lib/oauth/rate-limits";
import { looksLikeApiId, looksLikeClientId, matchesDigest } from "@/lib/oauth/secrets";
import type { Client, RegisteredApi } from "@/lib/oauth/storage";

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
export const clientAuthParameters = z.object({ client_id: optionalParam("client_id"), client_secret: optionalParam("client_secret") });

type Credentials = { clientId: string; secret: string | undefined; method: ClientAuthMethod };

/**
 * The credentials of the request: HTTP Basic, or client_id (and client_secret) in the body, never
 * both. An ID that is neither a client ID nor an API ID in shape is refused here, as it is read:
 * whatever its length, it never reaches a lookup, a rate-limit key or a log line.
 */
function readCredentials(request: ProtocolRequest, params: Params): Credentials {
  const basic = readBasicCredentials(request);
  const body = params.parse(clientAuthParameters);
  let credentials: Credentials;
  if (basic) {
    if (body.client_secret !== undefined) throw invalidRequest("use one client authentication method: HTTP Basic or client_secret in the body, not both");
    if (body.client_id !== undefined && body.client_id !== basic.clientId) throw invalidRequest("client_id in the body differs from the one in the Basic credentials");
    credentials = { clientId: basic.clientId, secret: basic.clientSecret, method: "client_secret_basic" };
  } else if (body.client_id === undefined) {
    throw invalidClient("client authentication is missing: send HTTP Basic credentials, or client_id (and client_secret for a confidential app)", false);
  } else {
    credentials = { clientId: body.client_id, secret: body.client_secret, method: body.client_secret === undefined ? "none" : "client_secret_post" };
  }
  if (!looksLikeClientId(credentials.clientId) && !looksLikeApiId(credentials.clientId)) {
    throw invalidClient(
      "client_id is not an ID Gatehouse issued: copy the 24-character client ID from the app's dashboard page (a registered API's ID starts with api_)",
      credentials.method === "client_secret_basic",
    );
  }
  return credentials;
}

/** The stored secret (one of at most two) the presented one matches, compared in constant time with each. */
function matchingSecret(secret: string, stored: { id: string; digest: string }[]): { id: string } | undefined {
  return stored.map((s) => (matchesDigest(secret, s.digest) ? s : null)).find((s) => s !== null) ?? undefined;
}

/**
 * Client authentication at the token, revocation and introspection endpoints (RFC 6749 §2.3.1,
 * §3.2.1): HTTP Basic, client_secret in the body, or a public client's bare client_id. One
 * method per request; either of an app's active secrets works and is marked used. A registered
 * API's credentials are refused here: APIs only introspect. The endpoint has counted the request
 * against its address's budget before reading it (spendAddressBudget).
 */
export async function authenticateClient(request: ProtocolRequest, params: Params, ctx: OAuthContext): Promise<AuthenticatedClient> {
  const authenticated = await authenticateApp(readCredentials(request, params), ctx);
  ctx.report.clientId = authenticated.client.clientId;
  await ctx.limits.spend("protocol-client", authenticated.client.clientId);
  return authenticated;
}

/**
 * The first step of the token, revocation and userinfo endpoints, before anything of the request
 * is read: counting it against the caller's address, so that a request too malformed to parse
 * spends the budget like any other.
 */
export function spendAddressBudget(ctx: Pick<OAuthContext, "limits">): Promise<void> {
  return ctx.limits.spend("protocol-ip", ctx.limits.clientIp);
}

/**
 * The first step of the introspection endpoint: registered APIs introspect on every request they
 * serve, so every introspection request is counted first against the higher per-address budget of
 * API introspection; an app's request also spends the protocol budget once it is known to be one.
 */
export function spendIntrospectionAddressBudget(ctx: Pick<OAuthContext, "limits">): Promise<void> {
  return ctx.limits.spend("api-introspection", ctx.limits.clientIp);
}

/**
 * Runs a credential check of a known app or API with the failure budget of the (id, IP) pair:
 * refused with 429 once the pair has failed too often, and every invalid_client counts. Other
 * addresses' failures never count against this one. An unknown ID has no budget of its own:
 * there is no secret to guess, and the per-address budget has counted the request already.
 */
async function withFailureBudget<T>(id: string, ctx: OAuthContext, check: () => Promise<T>): Promise<T> {
  const key = pairKey(id, ctx.limits.clientIp);
  await ctx.limits.check("client-auth-failures", key);
  try {
    return await check();
  } catch (error) {
    if (error instanceof OAuthError && error.error === "invalid_client") await ctx.limits.fail("client-auth-failures", key);
    throw error;
  }
}

async function authenticateApp({ clientId, secret, method }: Credentials, ctx: OAuthContext): Promise<AuthenticatedClient> {
  const triedBasic = method === "client_secret_basic";
  if (looksLikeApiId(clientId)) {
    throw invalidClient(`${clientId} is a registered API's ID: an API authenticates only at the introspection endpoint; use an app's client_id here`, triedBasic);
  }
  const client = await ctx.clients.findClient(clientId);
  if (!client) throw invalidClient("no application has this client_id", triedBasic);
  return withFailureBudget(clientId, ctx, async () => {
    if (client.clientType === "public") {
      if (secret) throw invalidClient("this app is public: send client_id without a secret, and a code_verifier", triedBasic);
      return { client, method: "none" as const };
    }
    if (!secret) throw invalidClient("this app is confidential: authenticate with its client secret (HTTP Basic or client_secret)", triedBasic);

    const match = matchingSecret(secret, await ctx.clients.findSecretDigests(client.id));
    if (!match) throw invalidClient("the client secret is wrong or was revoked; check the app's dashboard page", triedBasic, `client_id ${client.clientId}`);
    await ctx.clients.markSecretUsed(match.id, ctx.clock.now());
    return { client, method };
  });
}

/** Who may introspect: a confidential app (about its own tokens) or a registered API (about tokens carrying its scopes). */
export type IntrospectionCaller = { kind: "app"; client: Client } | { kind: "api"; api: RegisteredApi };

/**
 * Authentication at the introspection endpoint (RFC 7662 §2.1): an app with its client secret,
 * or a registered API with its API ID and secret, by the same two methods. An API ID is told
 * from a client ID by its shape, before any lookup.
 */
export async function authenticateIntrospectionCaller(request: ProtocolRequest, params: Params, ctx: OAuthContext): Promise<IntrospectionCaller> {
  const credentials = readCredentials(request, params);
  const triedBasic = credentials.method === "client_secret_basic";
  if (!looksLikeApiId(credentials.clientId)) {
    await ctx.limits.spend("protocol-ip", ctx.limits.clientIp);
    const { client, method } = await authenticateApp(credentials, ctx);
    ctx.report.clientId = client.clientId;
    if (method === "none") throw invalidClient("introspection is for confidential apps and registered APIs: authenticate with a secret", false);
    await ctx.limits.spend("protocol-client", client.clientId);
    return { kind: "app", client };
  }
  // The address has spent the API budget already (spendIntrospectionAddressBudget); the API spends its own.
  const api = await ctx.apis.findApi(credentials.clientId);
  if (!api) throw invalidClient("no registered API has this API ID", triedBasic);
  await withFailureBudget(credentials.clientId, ctx, async () => {
    if (!credentials.secret) throw invalidClient("authenticate the API with its secret (HTTP Basic, or client_secret in the body)", triedBasic);
    const match = matchingSecret(credentials.secret, await ctx.apis.findApiSecretDigests(api.id));
    if (!match) throw invalidClient("the API secret is wrong or was revoked; check the API's page in the operator area", triedBasic, `api ${api.apiId}`);
    await ctx.apis.markApiSecretUsed(match.id, ctx.clock.now());
  });
  ctx.report.clientId = api.apiId;
  await ctx.limits.spend("api-introspection", api.apiId);
  return { kind: "api", api };
}
