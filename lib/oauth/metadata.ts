import { CLIENT_AUTH_METHODS, SECRET_AUTH_METHODS, spendAddressBudget } from "@/lib/oauth/client-auth";
import type { OAuthContext } from "@/lib/oauth/context";
import { endpointsFor } from "@/lib/oauth/endpoints";
import { SUPPORTED_GRANT_TYPES } from "@/lib/oauth/token-endpoint";
import { jsonAnswer, type ProtocolAnswer, type ProtocolRequest } from "@/lib/oauth/http";
import { PKCE_METHOD } from "@/lib/oauth/pkce";
import { PROMPT_VALUES } from "@/lib/oauth/authorize";
import { USER_CLAIMS } from "@/lib/oauth/claims";
import { ID_TOKEN_CLAIMS } from "@/lib/oauth/id-token";
import { JWKS_MAX_AGE_SECONDS } from "@/lib/oauth/signing-keys";
import { ID_TOKEN_ALGS } from "@/lib/oauth/storage";

/**
 * The authorization server's metadata: one document, served both as RFC 8414's
 * (/.well-known/oauth-authorization-server) and as OpenID Connect Discovery's
 * (/.well-known/openid-configuration), so the two never disagree. RFC 8414 §2 takes OpenID's
 * members as they are. @see RFC 8414 §2, RFC 9207 §3, OpenID Connect Discovery 1.0 §3,
 * RP-Initiated Logout 1.0 §2.1
 */
export function serverMetadata(ctx: Pick<OAuthContext, "issuer" | "scopes">) {
  const endpoints = endpointsFor(ctx.issuer);
  return {
    issuer: ctx.issuer,
    authorization_endpoint: endpoints.authorization,
    token_endpoint: endpoints.token,
    revocation_endpoint: endpoints.revocation,
    introspection_endpoint: endpoints.introspection,
    userinfo_endpoint: endpoints.userinfo,
    jwks_uri: endpoints.jwks,
    end_session_endpoint: endpoints.endSession,
    service_documentation: endpoints.documentation,
    scopes_supported: ctx.scopes.map((s) => s.name),
    response_types_supported: ["code"],
    response_modes_supported: ["query"],
    grant_types_supported: SUPPORTED_GRANT_TYPES,
    token_endpoint_auth_methods_supported: CLIENT_AUTH_METHODS,
    revocation_endpoint_auth_methods_supported: CLIENT_AUTH_METHODS,
    introspection_endpoint_auth_methods_supported: SECRET_AUTH_METHODS,
    code_challenge_methods_supported: [PKCE_METHOD],
    authorization_response_iss_parameter_supported: true,
    // OpenID Connect Discovery 1.0 §3.
    subject_types_supported: ["public"],
    id_token_signing_alg_values_supported: [...ID_TOKEN_ALGS],
    claims_supported: [...ID_TOKEN_CLAIMS, ...USER_CLAIMS],
    claim_types_supported: ["normal"],
    prompt_values_supported: [...PROMPT_VALUES],
    claims_parameter_supported: false,
    request_parameter_supported: false,
    // Discovery's default is true: said, since Gatehouse fetches no request object.
    request_uri_parameter_supported: false,
  };
}

/**
 * GET /oauth/jwks: the public signing keys (RFC 7517 §5), cacheable for JWKS_MAX_AGE_SECONDS.
 * Counted against the caller's address like the other protocol endpoints: relying parties fetch
 * it rarely, and a flood of it costs the database a read per cache change.
 */
export async function handleJwksRequest(_request: ProtocolRequest, ctx: Pick<OAuthContext, "keyring" | "clock" | "limits">): Promise<ProtocolAnswer> {
  await spendAddressBudget(ctx);
  return jsonAnswer(await ctx.keyring.jwks(ctx.clock), 200, { "cache-control": `public, max-age=${JWKS_MAX_AGE_SECONDS}` });
}

export async function handleMetadataRequest(ctx: Pick<OAuthContext, "issuer" | "scopes">): Promise<ProtocolAnswer> {
  // Public and the same for everyone: caches may keep it for a few minutes.
  return jsonAnswer(serverMetadata(ctx), 200, { "cache-control": "public, max-age=300" });
}
