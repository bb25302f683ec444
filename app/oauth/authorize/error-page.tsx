import { wordStop, type AuthorizationStop as Stop } from "@/app/oauth/authorize/error-wording";
import { renderSitePage } from "@/app/oauth/site-page";
import { AuthorizationStop } from "@/components/oauth/authorization-stop";
import { AUTHORIZATION_PAGE_FIELDS, type ProtocolAnswer, type ProtocolRequest } from "@/lib/oauth/http";
import { REQUEST_ID_HEADER } from "@/lib/observe/request-id";

/**
 * The authorization error page: shown on Gatehouse when nothing may be sent back to the app
 * (RFC 6749 §4.1.2.1) or the consent form cannot be answered. An App Router page cannot answer
 * 400, so the route renders the site's own header and card with the site's stylesheet.
 */
export async function renderAuthorizeErrorPage(stop: Stop, settingsUrl?: string, requestId?: string): Promise<string> {
  const words = wordStop(stop);
  const note = settingsUrl ? (
    <>
      You are this app&apos;s developer:{" "}
      <a href={settingsUrl} className="font-medium text-indigo-600 hover:underline">
        open its settings
      </a>{" "}
      to fix its redirect URIs, or read{" "}
      <a href="/docs#errors" className="font-medium text-indigo-600 hover:underline">
        the integrator docs
      </a>
      .
    </>
  ) : stop.reason === "unknown_client" || stop.reason === "missing_client_id" || stop.reason === "repeated_client_id" ? (
    <>
      Nothing was sent anywhere. Go back to the app and tell its support; developers can check their client IDs on{" "}
      <a href="/dashboard" className="font-medium text-indigo-600 hover:underline">
        the dashboard
      </a>{" "}
      and read{" "}
      <a href="/docs#errors" className="font-medium text-indigo-600 hover:underline">
        the integrator docs
      </a>
      .
    </>
  ) : stop.reason === "error_for_visitor" ? (
      <>
        <a href={stop.continueUrl} rel="noreferrer" className="font-medium text-indigo-600 hover:underline">
          Continue to {new URL(stop.continueUrl).host}
        </a>{" "}
        or close this page.
      </>
    ) : stop.reason === "consent_expired" || stop.reason === "signed_out" || stop.reason === "cross_site_decision" || stop.reason === "malformed_decision" ? (
      <>
        Nothing was sent to the app. <a href="/account" className="font-medium text-indigo-600 hover:underline">See the apps you have authorized</a>.
      </>
    ) : (
      <>
        You were not sent back to the app because Gatehouse could not confirm where it is safe to send you. If you are the app&apos;s developer, see{" "}
        <a href="/docs#errors" className="font-medium text-indigo-600 hover:underline">
          the integrator docs
        </a>
        ; otherwise, tell the app&apos;s support.
      </>
    );
  return renderSitePage(words.title, <AuthorizationStop {...words} note={note} reference={requestId} />);
}

export type ErrorPageOptions = {
  /** 404 for an unknown client (as GitHub answers), 400 for other request errors unless told otherwise. */
  status?: number;
  /** The app's settings, for its own developer. */
  settingsUrl?: string;
  /** The request's id (X-Request-Id), shown as the reference to quote: the request log has the same. */
  request?: Pick<ProtocolRequest, "headers">;
};

/**
 * The error page as an answer: not cacheable, no referrer, not frameable. The app's own
 * developer gets a link to its settings; everyone gets the request's reference.
 */
export async function authorizeErrorAnswer(stop: Stop, { status = stop.reason === "unknown_client" ? 404 : 400, settingsUrl, request }: ErrorPageOptions = {}): Promise<ProtocolAnswer & { body: string }> {
  return {
    status,
    headers: { ...AUTHORIZATION_PAGE_FIELDS, "content-type": "text/html; charset=utf-8" },
    body: await renderAuthorizeErrorPage(stop, settingsUrl, request?.headers[REQUEST_ID_HEADER]),
  };
}
