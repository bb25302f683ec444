import { z } from "zod";
import type { OAuthContext } from "@/lib/oauth/context";
import { verifyIdTokenHint } from "@/lib/oauth/id-token";
import { VSCHAR } from "@/lib/oauth/authorize";
import { optionalParam, type Params } from "@/lib/oauth/params";
import { matchRedirectUri } from "@/lib/oauth/redirect-uri";
import { looksLikeClientId } from "@/lib/oauth/secrets";
import type { Client } from "@/lib/oauth/storage";
import { neutralize } from "@/lib/text";

/**
 * RP-Initiated Logout 1.0 (§2, §3): an app sends the browser here to end the user's Gatehouse
 * session, and may name where to come back (a post-logout redirect URI registered for it, matched
 * as redirect URIs are, loopback ports included; never an unregistered one). A request that
 * proves which app sent it for which user (a valid id_token_hint, expired or not, signed by any
 * key Gatehouse kept) for the signed-in user signs out at once; any other asks the user first
 * (§2: "the OP SHOULD ask the End-User whether to log out"), so a link on any page cannot sign
 * people out. The route (app/oauth/end-session) turns these decisions into HTTP.
 */
export const endSessionParameters = z.object({
  id_token_hint: optionalParam("id_token_hint"),
  client_id: optionalParam("client_id"),
  post_logout_redirect_uri: optionalParam("post_logout_redirect_uri"),
  // Echoed into the post-logout URI as authorize echoes it (RFC 6749 Appendix A.5), and bounded.
  state: optionalParam("state").refine((v) => v === undefined || (VSCHAR.test(v) && v.length <= 512), "state must be printable ASCII, at most 512 characters"),
  // §2: accepted; Gatehouse speaks one language and has one session per browser.
  ui_locales: optionalParam("ui_locales"),
  logout_hint: optionalParam("logout_hint"),
  /** The confirmation form's answer. */
  decision: z.enum(["sign_out"], { error: "decision must be sign_out" }).optional(),
});

/** What the confirmation form carries back: the request, already checked, checked again. */
export type EndSessionFields = { client_id?: string; post_logout_redirect_uri?: string; state?: string };

export type EndSessionDecision =
  | { kind: "error"; detail: string }
  /** End the session (if any) and go to `redirect`, or show the signed-out page. */
  | { kind: "sign_out"; redirect: string | null; appName: string | null }
  | { kind: "confirm"; appName: string | null; fields: EndSessionFields };

/** Where to send the browser after signing out: the registered URI with state added (§3). */
function postLogoutUrl(uri: string, state: string | undefined): string {
  if (state === undefined) return uri;
  return `${uri}${uri.includes("?") ? "&" : "?"}${new URLSearchParams({ state }).toString()}`;
}

/**
 * Decides a logout request for the browser's signed-in user (null: nobody). `confirmed` is a
 * same-origin POST of the confirmation form.
 */
export async function decideEndSession(params: Params, signedInUserId: string | null, confirmed: boolean, ctx: Pick<OAuthContext, "issuer" | "clock" | "keyring" | "clients">): Promise<EndSessionDecision> {
  const { data, errors } = params.problemsWith(endSessionParameters);
  if (!data) return { kind: "error", detail: errors.join("; ") };

  const hint = data.id_token_hint === undefined ? null : await verifyIdTokenHint(data.id_token_hint, ctx);
  if (data.id_token_hint !== undefined && !hint) {
    return { kind: "error", detail: "id_token_hint is not an ID token Gatehouse issued. The app should send the ID token it received at sign-in, or leave it out." };
  }
  if (data.client_id !== undefined && hint && !hint.aud.includes(data.client_id)) {
    return { kind: "error", detail: "client_id is not the app the id_token_hint was issued to. The app should send its own client ID." };
  }
  const clientId = data.client_id ?? (hint?.aud.length === 1 ? hint.aud[0] : undefined);
  let client: Client | null = null;
  if (clientId !== undefined) {
    client = looksLikeClientId(clientId) ? await ctx.clients.findClient(clientId) : null;
    if (!client) return { kind: "error", detail: "client_id names no Gatehouse app. The app should send its client ID from the dashboard." };
  }

  let redirect: string | null = null;
  if (data.post_logout_redirect_uri !== undefined) {
    if (!client) return { kind: "error", detail: "post_logout_redirect_uri was sent without client_id or id_token_hint: Gatehouse cannot tell which app registered it." };
    const registered = matchRedirectUri(client.postLogoutRedirectUris, data.post_logout_redirect_uri);
    if (registered === undefined) {
      return {
        kind: "error",
        detail: `post_logout_redirect_uri is not registered for ${neutralize(client.name)}. Its developer can add it under OpenID Connect in the app's settings on the dashboard.`,
      };
    }
    redirect = postLogoutUrl(data.post_logout_redirect_uri, data.state);
  }

  const appName = client ? neutralize(client.name) : null;
  // Nobody to sign out, a proven request for this user, or the user's own confirmation.
  if (signedInUserId === null || (hint !== null && hint.sub === signedInUserId) || (confirmed && data.decision === "sign_out")) {
    return { kind: "sign_out", redirect, appName };
  }
  const fields: EndSessionFields = {};
  if (clientId !== undefined) fields.client_id = clientId;
  if (data.post_logout_redirect_uri !== undefined) fields.post_logout_redirect_uri = data.post_logout_redirect_uri;
  if (data.state !== undefined) fields.state = data.state;
  return { kind: "confirm", appName, fields };
}
