import { z } from "zod";
import { authenticateIntrospectionCaller, spendIntrospectionAddressBudget } from "@/lib/oauth/client-auth";
import type { OAuthContext } from "@/lib/oauth/context";
import { jsonAnswer, readForm, type ProtocolAnswer, type ProtocolRequest } from "@/lib/oauth/http";
import { optionalParam, requiredParam } from "@/lib/oauth/params";
import { audienceClaim, normalizeResourceUri } from "@/lib/oauth/resource-indicators";
import { formatScope, heldScopes, scopesOfApi } from "@/lib/oauth/scopes";
import type { Client, RegisteredApi, UserClaims } from "@/lib/oauth/storage";
import { findLiveBearer, findToken, isAccessTokenLive, isRefreshTokenLive, type Bearer, type FoundToken } from "@/lib/oauth/token-lookup";

/** RFC 7662 §2.1. The hint is read for repetition only: the token's prefix tells its type. */
export const introspectionParameters = z.object({
  token: requiredParam("token", "send the token to introspect"),
  token_type_hint: optionalParam("token_type_hint"),
});

/**
 * RFC 7662 §2.2 extension member: what kind of credential the token is ("app": an access token
 * an app obtained for a user through OAuth; "service": one it obtained for itself with
 * client_credentials; "personal_key": a user's personal API key).
 */
export const TOKEN_KIND_MEMBER = "gatehouse_token_kind";

const seconds = (date: Date) => Math.floor(date.getTime() / 1000);

/**
 * RFC 7662 §2.2 `username`, by the scopes userinfo tells it by (its preferred_username): only
 * when the token carries profile. The token's own scope decides, for an API too (whose `scope`
 * lists only its own): the user consented to profile for the app, and whoever holds the token can
 * read the username at userinfo with it.
 */
const usernameFor = (scopes: readonly string[], user: UserClaims) => (scopes.includes("profile") ? { username: user.username } : {});
const inactive = () => jsonAnswer({ active: false });

/**
 * POST /oauth/introspect (RFC 7662 §2.1, §2.2). A confidential app learns about its own tokens;
 * a registered API about live access tokens that carry at least one of its scopes, with the
 * scope narrowed to its own and itself as the audience. Anything else reads as {"active": false}:
 * the answer never tells an unknown token from one the caller may not see.
 */
export async function handleIntrospectionRequest(request: ProtocolRequest, ctx: OAuthContext): Promise<ProtocolAnswer> {
  await spendIntrospectionAddressBudget(ctx);
  const params = readForm(request);
  const caller = await authenticateIntrospectionCaller(request, params, ctx);
  const { token } = params.parse(introspectionParameters);
  if (caller.kind === "api") return introspectForApi(caller.api, token, ctx);
  const found = await findToken(token, ctx);
  if (!found || found.record.applicationId !== caller.client.id) return inactive();
  if (found.kind === "service") {
    // The app's own token: described as an API sees it, with every scope it still carries.
    const bearer = await findLiveBearer(token, ctx);
    return bearer ? jsonAnswer(describeBearer(bearer, bearer.scope.split(" "), null, bearer.audience!, ctx)) : inactive();
  }
  return introspectForApp(caller.client, found, ctx);
}

async function introspectForApp(client: Client, found: Exclude<FoundToken, { kind: "service" }>, ctx: OAuthContext): Promise<ProtocolAnswer> {
  const now = ctx.clock.now();
  const live = found.kind === "access" ? isAccessTokenLive(found.record, now) : isRefreshTokenLive(found.record, now);
  if (!live) return inactive();
  const user = await ctx.users.findUserClaims(found.record.userId);
  if (!user) return inactive();
  const record = found.record;
  const held = heldScopes(found.kind === "access" ? found.record.scope : found.record.familyScope, ctx.scopes, record.grantScope);
  return jsonAnswer({
    active: true,
    scope: formatScope(held),
    client_id: client.clientId,
    sub: user.id,
    ...usernameFor(held, user),
    ...(found.kind === "access" && found.record.audience !== null ? { aud: audienceClaim(found.record.audience) } : {}),
    token_type: found.kind === "access" ? "Bearer" : "refresh_token",
    [TOKEN_KIND_MEMBER]: "app",
    // A refresh token's expiry is already capped at its family's at issue.
    exp: seconds(record.expiresAt),
    iat: seconds(record.createdAt),
    iss: ctx.issuer,
  });
}

/**
 * An API sees bearer credentials only (access tokens, service tokens and personal keys): a
 * refresh token is for the app alone. A token bound to APIs (RFC 8707) is active only for one of
 * them; an unbound one only while the operator allows unbound tokens (GATEHOUSE_REQUIRE_AUDIENCE off).
 */
async function introspectForApi(api: RegisteredApi, token: string, ctx: OAuthContext): Promise<ProtocolAnswer> {
  const bearer = await findLiveBearer(token, ctx);
  if (!bearer) return inactive();
  const identifier = normalizeResourceUri(api.identifier) ?? api.identifier;
  if (bearer.audience === null ? ctx.requireAudience : !bearer.audience.includes(identifier)) return inactive();
  const own = scopesOfApi(ctx.scopes, identifier);
  const scope = bearer.scope.split(" ").filter((s) => own.has(s));
  if (scope.length === 0) return inactive();
  const user = bearer.userId === null ? null : await ctx.users.findUserClaims(bearer.userId);
  if (bearer.userId !== null && !user) return inactive();
  // RFC 7662 §2.2: the token's audience; an unbound token's is the API asking.
  return jsonAnswer(describeBearer(bearer, scope, user, bearer.audience ?? [identifier], ctx));
}

/** RFC 7662 §2.2 for a bearer credential; a service token's subject is the app itself (its client_id), with no username. */
function describeBearer(bearer: Bearer, scope: readonly string[], user: UserClaims | null, audience: readonly string[], ctx: OAuthContext) {
  return {
    active: true,
    scope: formatScope(scope),
    aud: audienceClaim(audience),
    ...(bearer.clientId ? { client_id: bearer.clientId } : {}),
    sub: user ? user.id : bearer.clientId!,
    ...(user ? usernameFor(bearer.scope.split(" "), user) : {}),
    token_type: "Bearer",
    [TOKEN_KIND_MEMBER]: bearer.kind,
    // A personal key without expiry has no exp (RFC 7662 §2.2: exp is optional).
    ...(bearer.expiresAt ? { exp: seconds(bearer.expiresAt) } : {}),
    iat: seconds(bearer.issuedAt),
    iss: ctx.issuer,
  };
}
