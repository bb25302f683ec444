import { z } from "zod";
import { checkRedirectUriList, type UriListCheck } from "@/lib/oauth/redirect-uri";
import { type ClientType, DEFAULT_ID_TOKEN_ALG, ID_TOKEN_ALGS } from "@/lib/oauth/storage";

/**
 * An application's OpenID Connect settings: the algorithm its ID tokens are signed with and the
 * URIs RP-Initiated Logout may send the browser back to.
 */

/** OpenID Connect Registration §2 id_token_signed_response_alg: one of the algorithms Gatehouse signs with. */
export const idTokenAlgSchema = z.enum(ID_TOKEN_ALGS, { error: `Choose ${ID_TOKEN_ALGS.join(" or ")} as the signing algorithm` });

/** On registration the algorithm may be left out: RS256, which every relying party supports (OpenID Connect Core §15.1). */
export const initialIdTokenAlgSchema = idTokenAlgSchema.nullish().transform((alg) => alg ?? DEFAULT_ID_TOKEN_ALG);

/** The OpenID Connect form, as posted; its post-logout redirect URIs are checked by checkPostLogoutRedirectUriList. */
export const openIdSettingsSchema = z.object({ idTokenAlg: idTokenAlgSchema });

export const MAX_POST_LOGOUT_REDIRECT_URIS = 3;

/**
 * Checks the post-logout redirect URIs a developer submits (OpenID Connect RP-Initiated Logout 1.0
 * §2, §3: the post_logout_redirect_uri of a logout request must be one of them). The same rules as
 * redirect URIs, for the same reasons: the end-session endpoint sends the browser there, with the
 * RP's state, just as authorize sends it to a redirect URI with a code. Blank entries are dropped;
 * none at all is fine: the app's logout requests then carry no post_logout_redirect_uri.
 */
export function checkPostLogoutRedirectUriList(inputs: readonly string[], clientType: ClientType): UriListCheck {
  return checkRedirectUriList(inputs, clientType, { noun: "post-logout redirect URI", required: false, max: MAX_POST_LOGOUT_REDIRECT_URIS });
}
