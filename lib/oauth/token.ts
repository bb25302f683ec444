import { authenticateClient } from "@/lib/oauth/client-auth";
import type { OAuthContext } from "@/lib/oauth/context";
import { unsupportedGrantType } from "@/lib/oauth/errors";
import * as authorizationCode from "@/lib/oauth/grants/authorization-code";
import * as refreshToken from "@/lib/oauth/grants/refresh-token";
import { jsonResponse, readForm } from "@/lib/oauth/http";
import type { Params } from "@/lib/oauth/params";
import type { Client } from "@/lib/oauth/store";
import type { TokenResponse } from "@/lib/oauth/tokens";

type GrantHandler = (client: Client, params: Params, ctx: OAuthContext) => Promise<TokenResponse>;

const GRANTS: Record<string, GrantHandler> = {
  [authorizationCode.grantType]: authorizationCode.redeemAuthorizationCode,
  [refreshToken.grantType]: refreshToken.rotateRefreshToken,
};

export const SUPPORTED_GRANT_TYPES = Object.keys(GRANTS);

/** POST /oauth/token: parse, authenticate the client, dispatch on grant_type. @see RFC 6749 §3.2, §5 */
export async function handleTokenRequest(request: Request, ctx: OAuthContext): Promise<Response> {
  const params = await readForm(request);
  const grantType = params.require("grant_type", "send authorization_code or refresh_token");
  const grant = Object.hasOwn(GRANTS, grantType) ? GRANTS[grantType] : undefined;
  const { client } = await authenticateClient(request, params, ctx);
  if (!grant) throw unsupportedGrantType("grant_type must be authorization_code or refresh_token");
  return jsonResponse(await grant(client, params, ctx));
}
