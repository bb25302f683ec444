import { z } from "zod";
import { authenticateClient, spendAddressBudget } from "@/lib/oauth/client-auth";
import type { OAuthContext } from "@/lib/oauth/context";
import { jsonAnswer, readForm, type ProtocolAnswer, type ProtocolRequest } from "@/lib/oauth/http";
import { optionalParam, requiredParam } from "@/lib/oauth/params";
import { findToken } from "@/lib/oauth/token-lookup";

/** RFC 7009 §2.1. The hint is read for repetition only: the token's prefix tells its type. */
export const revocationParameters = z.object({
  token: requiredParam("token", "send the access or refresh token to revoke"),
  token_type_hint: optionalParam("token_type_hint"),
});

/**
 * POST /oauth/revoke. A refresh token takes its whole family (and so its access tokens) with it;
 * an access token goes alone. Unknown, already revoked and other clients' tokens get the same
 * 200, so a caller learns nothing about tokens that are not its own. The body is `{}` as JSON:
 * RFC 7009 §2.2 has the client ignore it, and clients that parse every answer as JSON
 * (simple-oauth2's revokeAll) refuse an empty one.
 * @see RFC 7009 §2.1, §2.2
 */
export async function handleRevocationRequest(request: ProtocolRequest, ctx: OAuthContext): Promise<ProtocolAnswer> {
  await spendAddressBudget(ctx);
  const params = readForm(request);
  const { client } = await authenticateClient(request, params, ctx);
  const { token } = params.parse(revocationParameters);
  const found = await findToken(token, ctx);
  const now = ctx.clock.now();
  if (found && found.record.applicationId === client.id) {
    if (found.kind === "refresh") await ctx.tokens.revokeFamily(found.record.familyId, now);
    else if (found.kind === "service") await ctx.services.revokeServiceToken(found.record.id, now);
    else await ctx.tokens.revokeAccessToken(found.record.id, now);
    ctx.report.tokens = "revoked";
  }
  return jsonAnswer({});
}
