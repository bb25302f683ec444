import { addSeconds } from "@/lib/oauth/clock";
import type { OAuthContext } from "@/lib/oauth/context";
import { safeDescription, type OAuthError } from "@/lib/oauth/errors";
import { includesPersonalData } from "@/lib/oauth/scopes";
import { digest, generateOpaqueValue } from "@/lib/oauth/secrets";
import type { AuthorizationDetails } from "@/lib/oauth/storage";

/** Where the browser goes next: back to the client's redirect URI. */
export type Redirect = { kind: "redirect"; url: string };
/** An error the authorization request itself caused, with the app it would go back to. */
export type ErrorRedirect = Redirect & { client: { name: string } };

/** redirectUri with the response parameters added to its query, keeping the query it has (RFC 6749 §3.1.2). */
export function responseUrl(redirectUri: string, params: Record<string, string | null | undefined>, issuer: string): string {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined) query.set(k, v);
  query.set("iss", issuer); // RFC 9207 §2
  return redirectUri + (redirectUri.includes("?") ? "&" : "?") + query.toString();
}

/** An error sent back to the client, with state and iss. @see RFC 6749 §4.1.2.1, RFC 9207 §2 */
export function errorRedirect(redirectUri: string, error: OAuthError, state: string | null, issuer: string): Redirect {
  return { kind: "redirect", url: responseUrl(redirectUri, { error: error.error, error_description: safeDescription(error.description), state }, issuer) };
}

/**
 * Stores a new single-use code and returns the success redirect. A code for a personal-data
 * scope lives shorter (DESIGN: Lifetimes). @see RFC 6749 §4.1.2, RFC 9207 §2
 */
export async function issueCode(details: AuthorizationDetails, grantId: string, ctx: OAuthContext): Promise<Redirect> {
  const code = generateOpaqueValue();
  const personal = includesPersonalData(details.scope.split(" "), ctx.scopes);
  const lifetime = personal ? ctx.lifetimes.personalDataCodeSeconds : ctx.lifetimes.codeSeconds;
  const { applicationId, userId, redirectUri, redirectUriSent, scope, codeChallenge, nonce, authTime, resource, state } = details;
  await ctx.codes.createCode(digest(code), {
    applicationId,
    userId,
    grantId,
    redirectUri,
    redirectUriSent,
    scope,
    codeChallenge,
    nonce,
    authTime,
    resource,
    expiresAt: addSeconds(ctx.clock.now(), lifetime),
  });
  return { kind: "redirect", url: responseUrl(redirectUri, { code, state }, ctx.issuer) };
}
