import { z } from "zod";
import { authenticateClient } from "@/lib/oauth/client-auth";
import type { OAuthContext } from "@/lib/oauth/context";
import { invalidClient } from "@/lib/oauth/errors";
import { jsonResponse, readForm } from "@/lib/oauth/http";
import { optionalParam, requiredParam } from "@/lib/oauth/params";
import { findToken, isAccessTokenLive, isRefreshTokenLive } from "@/lib/oauth/token-lookup";

/** RFC 7662 §2.1. The hint is read for repetition only: the token's prefix tells its type. */
export const introspectionParameters = z.object({
  token: requiredParam("token", "send the token to introspect"),
  token_type_hint: optionalParam(),
});

const seconds = (date: Date) => Math.floor(date.getTime() / 1000);

/**
 * POST /oauth/introspect, for confidential clients about their own tokens: anything else reads
 * as {"active": false}. @see RFC 7662 §2.1, §2.2
 */
export async function handleIntrospectionRequest(request: Request, ctx: OAuthContext): Promise<Response> {
  const params = await readForm(request);
  const { client, method } = await authenticateClient(request, params, ctx);
  if (method === "none") throw invalidClient("introspection is for confidential apps: authenticate with the client secret", false);
  const { token } = params.parse(introspectionParameters);

  const inactive = jsonResponse({ active: false });
  const found = await findToken(token, ctx);
  const now = ctx.clock.now();
  if (!found || found.record.applicationId !== client.id) return inactive;
  const live = found.kind === "access" ? isAccessTokenLive(found.record, now) : isRefreshTokenLive(found.record, now);
  if (!live) return inactive;
  const user = await ctx.users.findUserClaims(found.record.userId);
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
