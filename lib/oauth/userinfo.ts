import type { OAuthContext } from "@/lib/oauth/context";
import { OAuthError } from "@/lib/oauth/errors";
import { z } from "zod";
import { FORM_MEDIA_TYPE, jsonAnswer, mediaTypeOf, readForm, type ProtocolAnswer, type ProtocolRequest } from "@/lib/oauth/http";
import { optionalParam } from "@/lib/oauth/params";
import { spendAddressBudget } from "@/lib/oauth/client-auth";
import { findLiveBearer } from "@/lib/oauth/token-lookup";
import { claimsFor } from "@/lib/oauth/claims";

const REALM = 'Bearer realm="gatehouse"';

/** RFC 6750 §2.2: the form-encoded body of a POST may carry the token. */
export const userinfoBodyParameters = z.object({ access_token: optionalParam("access_token") });

function bearerError(error: "invalid_request" | "invalid_token", description: string): OAuthError {
  // RFC 6750 §3: the challenge names the error; the body carries it too.
  return new OAuthError(error, description, {
    status: error === "invalid_token" ? 401 : 400,
    headers: { "www-authenticate": `${REALM}, error="${error}", error_description="${description}"` },
  });
}

/**
 * The access token of a resource request: the Authorization header, or the form body of a POST
 * (RFC 6750 §2.1, §2.2). A token in the query string is refused (RFC 9700 §2.5: it leaks into
 * logs and referrers), as is more than one method (RFC 6750 §2).
 */
function readBearerToken(request: ProtocolRequest): string | null {
  // Only a URL with a query can carry one: most requests are spared parsing theirs.
  if (request.url.includes("?") && new URL(request.url).searchParams.has("access_token")) {
    throw bearerError("invalid_request", "send the access token in the Authorization header, not in the URL");
  }
  const header = request.headers.authorization;
  const fromHeader = header && /^bearer\s+/i.test(header) ? header.replace(/^bearer\s+/i, "").trim() : null;
  if (header && fromHeader === null) throw bearerError("invalid_request", "the Authorization header must use the Bearer scheme");
  let fromBody: string | undefined;
  if (request.method === "POST" && mediaTypeOf(request) === FORM_MEDIA_TYPE) fromBody = readForm(request).parse(userinfoBodyParameters).access_token;
  if (fromHeader !== null && fromBody !== undefined) throw bearerError("invalid_request", "send the access token once: in the header or in the body");
  return fromHeader || fromBody || null;
}

/** GET|POST /oauth/userinfo: the claims the token's (or personal key's) scope allows. @see RFC 6750 */
export async function handleUserinfoRequest(
  request: ProtocolRequest,
  ctx: Pick<OAuthContext, "tokens" | "services" | "clients" | "keys" | "users" | "clock" | "limits" | "scopes" | "issuer">,
): Promise<ProtocolAnswer> {
  await spendAddressBudget(ctx);
  const token = readBearerToken(request);
  if (!token) {
    // RFC 6750 §3.1: no authentication at all gets no error code.
    return jsonAnswer({ message: "An access token is required: send Authorization: Bearer <access_token>" }, 401, { "www-authenticate": REALM });
  }
  const bearer = await findLiveBearer(token, ctx);
  if (!bearer) throw bearerError("invalid_token", "the access token is unknown, expired or revoked");
  if (bearer.userId === null) throw bearerError("invalid_token", "the access token is a service token (client_credentials): it has no user, so there is nothing to tell about one");
  // RFC 8707: a token bound to APIs is good here only when the issuer is among its audience (it carries user scopes).
  if (bearer.audience !== null && !bearer.audience.includes(ctx.issuer)) {
    throw bearerError("invalid_token", "the access token is for another API: ask for one with a user scope such as user.read or profile, or without resource");
  }
  const user = await ctx.users.findUserClaims(bearer.userId);
  if (!user) throw bearerError("invalid_token", "the access token is unknown, expired or revoked");
  return jsonAnswer(claimsFor(user, new Set(bearer.scope.split(" "))));
}
