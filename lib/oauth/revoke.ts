import { authenticateClient } from "@/lib/oauth/client-auth";
import type { OAuthContext } from "@/lib/oauth/context";
import { readForm, NO_STORE } from "@/lib/oauth/http";
import { findToken } from "@/lib/oauth/token-lookup";

/**
 * POST /oauth/revoke. A refresh token takes its whole family (and so its access tokens) with it;
 * an access token goes alone. Unknown, already revoked and other clients' tokens get the same
 * 200, so a caller learns nothing about tokens that are not its own.
 * @see RFC 7009 §2.1, §2.2
 */
export async function handleRevocationRequest(request: Request, ctx: OAuthContext): Promise<Response> {
  const params = await readForm(request);
  const { client } = await authenticateClient(request, params, ctx);
  const value = params.require("token", "send the access or refresh token to revoke");
  params.get("token_type_hint"); // validated for repetition only: the prefix tells the type
  const found = await findToken(value, ctx);
  const now = ctx.clock.now();
  if (found && found.record.applicationId === client.id) {
    if (found.kind === "refresh") await ctx.store.revokeFamily(found.record.familyId, now);
    else await ctx.store.revokeAccessToken(found.record.id, now);
  }
  return new Response(null, { status: 200, headers: NO_STORE });
}
