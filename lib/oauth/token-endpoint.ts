import { z } from "zod";
import { authenticateClient, spendAddressBudget } from "@/lib/oauth/client-auth";
import type { OAuthContext } from "@/lib/oauth/context";
import { unauthorizedClient, unsupportedGrantType } from "@/lib/oauth/errors";
import * as authorizationCode from "@/lib/oauth/grants/authorization-code";
import * as clientCredentials from "@/lib/oauth/grants/client-credentials";
import * as refreshToken from "@/lib/oauth/grants/refresh-token";
import { jsonAnswer, readForm, type ProtocolAnswer, type ProtocolRequest } from "@/lib/oauth/http";
import { requiredParam, type Params } from "@/lib/oauth/params";
import type { Client } from "@/lib/oauth/storage";
import type { ServiceTokenResponse, TokenResponse } from "@/lib/oauth/token-pair";

type Grant = (client: Client, params: Params, ctx: OAuthContext) => Promise<TokenResponse | ServiceTokenResponse>;

/** A grant module's handler behind its parameter schema: the grant only ever sees parsed parameters. */
function grant<Shape extends z.ZodRawShape>(
  parameters: z.ZodObject<Shape>,
  handle: (client: Client, params: z.output<z.ZodObject<Shape>>, ctx: OAuthContext) => Promise<TokenResponse | ServiceTokenResponse>,
): Grant {
  return (client, params, ctx) => handle(client, params.parse(parameters), ctx);
}

const GRANTS: Record<string, Grant> = {
  [authorizationCode.grantType]: grant(authorizationCode.parameters, authorizationCode.redeemAuthorizationCode),
  [refreshToken.grantType]: grant(refreshToken.parameters, refreshToken.rotateRefreshToken),
  [clientCredentials.grantType]: grant(clientCredentials.parameters, clientCredentials.issueServiceToken),
};

export const SUPPORTED_GRANT_TYPES = Object.keys(GRANTS);

const tokenRequestParameters = z.object({ grant_type: requiredParam("grant_type", `send ${SUPPORTED_GRANT_TYPES.join(" or ")}`) });

/** POST /oauth/token: count, parse, authenticate the client, dispatch on grant_type. @see RFC 6749 §3.2, §5 */
export async function handleTokenRequest(request: ProtocolRequest, ctx: OAuthContext): Promise<ProtocolAnswer> {
  await spendAddressBudget(ctx);
  const params = readForm(request);
  const { grant_type: grantType } = params.parse(tokenRequestParameters);
  const { client } = await authenticateClient(request, params, ctx);
  const handle = Object.hasOwn(GRANTS, grantType) ? GRANTS[grantType] : undefined;
  if (!handle) throw unsupportedGrantType(`grant_type must be ${SUPPORTED_GRANT_TYPES.join(" or ")}`);
  // RFC 6749 §5.2: a grant the app's developer has not allowed it.
  if (!(client.grantTypes as readonly string[]).includes(grantType)) {
    throw unauthorizedClient(`this app is not allowed the ${grantType} grant type: its developer allows it under Grant types on the app's dashboard page`);
  }
  ctx.report.grantType = grantType;
  const answer = jsonAnswer(await handle(client, params, ctx));
  ctx.report.tokens = grantType === refreshToken.grantType ? "rotated" : "issued";
  return answer;
}
