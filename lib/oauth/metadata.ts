import { CLIENT_AUTH_METHODS, SECRET_AUTH_METHODS } from "@/lib/oauth/client-auth";
import type { OAuthContext } from "@/lib/oauth/context";
import { endpointsFor } from "@/lib/oauth/endpoints";
import { SUPPORTED_GRANT_TYPES } from "@/lib/oauth/token-endpoint";
import { jsonAnswer, type ProtocolAnswer } from "@/lib/oauth/http";
import { PKCE_METHOD } from "@/lib/oauth/pkce";

/** The authorization server metadata document. @see RFC 8414 §2, RFC 9207 §3 */
export function serverMetadata(ctx: Pick<OAuthContext, "issuer" | "scopes">) {
  const endpoints = endpointsFor(ctx.issuer);
  return {
    issuer: ctx.issuer,
    authorization_endpoint: endpoints.authorization,
    token_endpoint: endpoints.token,
    revocation_endpoint: endpoints.revocation,
    introspection_endpoint: endpoints.introspection,
    userinfo_endpoint: endpoints.userinfo,
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
  };
}

export async function handleMetadataRequest(ctx: Pick<OAuthContext, "issuer" | "scopes">): Promise<ProtocolAnswer> {
  // Public and the same for everyone: caches may keep it for a few minutes.
  return jsonAnswer(serverMetadata(ctx), 200, { "cache-control": "public, max-age=300" });
}
