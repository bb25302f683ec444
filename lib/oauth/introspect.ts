import { authenticateClient } from "@/lib/oauth/client-auth";
import type { OAuthContext } from "@/lib/oauth/context";
import { invalidClient } from "@/lib/oauth/errors";
import { jsonResponse, readForm } from "@/lib/oauth/http";
import { findToken, isAccessTokenLive, isRefreshTokenLive } from "@/lib/oauth/token-lookup";

const seconds = (date: Date) => Math.floor(date.getTime() / 1000);

/**
 * POST /oauth/introspect, for confidential clients about their own tokens: anything else reads
 * as {"active": false}. @see RFC 7662 §2.1, §2.2
 */
export async function handleIntrospectionRequest(request: Request, ctx: OAuthContext): Promise<Response> {
  const params = await readForm(request);
  const { client, method } = await authenticateClient(request, params, ctx);
  if (method === "none") throw invalidClient("introspection is for confidential apps: authenticate with the client secret", false);
  const value = params.require("token", "send the token to introspect");
  params.get("token_type_hint");

  const inactive = jsonResponse({ active: false });
  const found = await findToken(value, ctx);
  const now = ctx.clock.now();
  if (!found || found.record.applicationId !== client.id) return inactive;
  const live = found.kind === "access" ? isAccessTokenLive(found.record, now) : isRefreshTokenLive(found.record, now);
  if (!live) return inactive;
  const user = await ctx.store.findUserClaims(found.record.userId);
  if (!user) return inactive;
  const record = found.record;
  return jsonResponse({
    active: true,
    scope: found.kind === "access" ? found.record.scope : found.record.familyScope,
    client_id: client.clientId,
    sub: user.id,
    username: user.username,
    token_type: found.kind === "access" ? "Bearer" : "refresh_token",
    // A refresh token's expiry is already capped at its family's at issue.
    exp: seconds(record.expiresAt),
    iat: seconds(record.createdAt),
    iss: ctx.issuer,
  });
}
