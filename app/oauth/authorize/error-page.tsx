import type { ReactElement } from "react";
import { wordStop, type AuthorizationStop as Stop } from "@/app/oauth/authorize/error-wording";
import { siteStylesheets } from "@/app/oauth/authorize/site-stylesheets";
import { HeaderBar } from "@/components/header";
import { AuthorizationStop } from "@/components/oauth/authorization-stop";
import { AUTHORIZATION_PAGE_FIELDS, type ProtocolAnswer, type ProtocolRequest } from "@/lib/oauth/http";
import { REQUEST_ID_HEADER } from "@/lib/observe/request-id";

/**
 * React's HTML renderer, loaded by Node at run time: Next refuses react-dom/server in the
 * bundle of an App Route, and these components are plain markup (no hooks, no client parts).
 */
async function renderToStaticMarkup(element: ReactElement): Promise<string> {
  const server: typeof import("react-dom/server") = await import(/* turbopackIgnore: true */ /* webpackIgnore: true */ "react-dom/server");
  return server.renderToStaticMarkup(element);
}

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
  const page = (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{`${words.title} · Gatehouse`}</title>
        <link rel="icon" href="/favicon.ico" sizes="16x16 32x32 48x48" />
        <link rel="icon" href="/icon.svg" type="image/svg+xml" />
        {siteStylesheets().map((href) => (
          <link key={href} rel="stylesheet" href={href} />
        ))}
      </head>
      <body className="min-h-screen">
        <HeaderBar />
        <main className="mx-auto max-w-5xl px-4 py-8 sm:py-12">
          <AuthorizationStop {...words} note={note} reference={requestId} />
        </main>
      </body>
    </html>
  );
  return `<!doctype html>${await renderToStaticMarkup(page)}`;
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
