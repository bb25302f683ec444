import type { AuthorizeErrorReason, ErrorPage } from "@/lib/oauth/authorize";
import { CONSENT_SCREEN_SECONDS } from "@/lib/oauth/consent";

/** Why the authorization pages stop on Gatehouse: the protocol core's reasons, and the consent form's own. */
export type AuthorizationStop =
  | ErrorPage
  /** An error for the app, shown to a signed-out visitor instead of redirecting them (RFC 9700 §4.11.2). */
  | { kind: "error_page"; reason: "error_for_visitor"; client: { name: string }; continueUrl: string; received?: undefined }
  | { kind: "error_page"; reason: "consent_expired" | "cross_site_decision" | "signed_out" | "malformed_decision" | "decision_too_large" | "redirect_uri_removed" | "unreadable_post"; received?: undefined; client?: undefined };

export type StopWording = { title: string; detail: string; received?: string };

const minutes = CONSENT_SCREEN_SECONDS / 60;

/** The words for each reason: what happened, and what the reader can do about it. */
export function wordStop(stop: AuthorizationStop): StopWording {
  const app = stop.client?.name ?? "the app";
  if (stop.reason === "error_for_visitor") {
    const target = new URL(stop.continueUrl);
    const error = target.searchParams.get("error") ?? "invalid_request";
    const description = target.searchParams.get("error_description");
    return {
      title: `${app} sent an invalid request`,
      detail: `Gatehouse stopped here instead of sending you on to ${target.host}, because you are not signed in. The request failed with ${error}${description ? `: ${description}` : ""}. If you trust ${app}, you may continue to ${target.host}; it will receive this error.`,
    };
  }
  const words: Record<AuthorizeErrorReason | Exclude<AuthorizationStop["reason"], AuthorizeErrorReason | "error_for_visitor">, Omit<StopWording, "received">> = {
    missing_client_id: {
      title: "Invalid authorization request",
      detail: "The request has no client_id. The app that sent you here must include its client ID.",
    },
    repeated_client_id: { title: "Invalid authorization request", detail: "client_id was sent more than once." },
    unknown_client: {
      title: "Unknown application",
      detail: "No application with this client_id is registered on Gatehouse. Check the client ID on the app's dashboard page.",
    },
    repeated_redirect_uri: { title: "Invalid redirect URI", detail: "redirect_uri was sent more than once." },
    missing_redirect_uri: {
      title: "Missing redirect URI",
      detail: `redirect_uri is required: ${app} has ${stop.client?.redirectUris.length ?? 0} registered redirect URIs, so Gatehouse cannot choose one.`,
    },
    unregistered_redirect_uri: {
      title: "Redirect URI not registered",
      // The URI is shown apart, as the value received: inside Gatehouse's sentence, a crafted one would read as Gatehouse's words.
      detail: `The redirect_uri received (below) is not registered for ${app}. Redirect URIs must match a registered one exactly (only the port of 127.0.0.1 and [::1] may differ). Add it on the app's dashboard page.`,
    },
    consent_expired: {
      title: "This request is no longer valid",
      detail: `It was already answered, has expired (requests stay open for ${minutes} minutes), or belongs to another account. Go back to the app and start signing in again.`,
    },
    cross_site_decision: { title: "Request refused", detail: "The decision did not come from Gatehouse's consent screen." },
    signed_out: { title: "You are signed out", detail: "Go back to the app and sign in with Gatehouse again." },
    invalid_state: {
      title: "Invalid state parameter",
      detail: "The app sent a state value with characters a state may not hold (RFC 6749 allows printable ASCII only), so Gatehouse cannot send you back with it. Tell the app's developer.",
    },
    malformed_decision: { title: "Invalid request", detail: "The consent form was incomplete. Go back to the app and try again." },
    unreadable_post: {
      title: "Invalid request",
      detail: "The app posted its authorization request in a form Gatehouse cannot read: it must be application/x-www-form-urlencoded, at most 64 KiB (OpenID Connect Core §3.1.2.1). Tell the app's developer.",
    },
    redirect_uri_removed: {
      title: "The app changed its settings",
      detail: "While this page was open, the app's developer removed the address you would have been sent back to, so nothing was sent. Go back to the app and sign in again.",
    },
    decision_too_large: { title: "Request too large", detail: "The consent form sent far more than it holds (over 64 KiB), so nothing was decided. Go back to the app and try again." },
  };
  return { ...words[stop.reason], received: stop.received };
}
