import type { ReactElement } from "react";
import { siteStylesheets } from "@/app/oauth/authorize/site-stylesheets";
import { HeaderBar } from "@/components/header";
import { SignOutConfirmation, SignedOut } from "@/components/oauth/end-session";
import type { EndSessionFields } from "@/lib/oauth/end-session";

/** React's HTML renderer, loaded at run time as for the authorization error page (app/oauth/authorize/error-page.tsx). */
async function renderToStaticMarkup(element: ReactElement): Promise<string> {
  const server: typeof import("react-dom/server") = await import(/* turbopackIgnore: true */ /* webpackIgnore: true */ "react-dom/server");
  return server.renderToStaticMarkup(element);
}

export type EndSessionPage =
  | { kind: "confirm"; appName: string | null; fields: EndSessionFields; action: string }
  | { kind: "signed_out"; appName: string | null }
  | { kind: "error"; detail: string; reference?: string };

const TITLES: Record<EndSessionPage["kind"], string> = { confirm: "Sign out of Gatehouse?", signed_out: "You are signed out", error: "This sign-out request cannot be used" };

/** The sign-out pages, in the site's own header and stylesheet (a route answers them, with their status). */
export async function renderEndSessionPage(page: EndSessionPage): Promise<string> {
  const html = (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{`${TITLES[page.kind]} · Gatehouse`}</title>
        <link rel="icon" href="/favicon.ico" sizes="16x16 32x32 48x48" />
        <link rel="icon" href="/icon.svg" type="image/svg+xml" />
        {siteStylesheets().map((href) => (
          <link key={href} rel="stylesheet" href={href} />
        ))}
      </head>
      <body className="min-h-screen">
        <HeaderBar />
        <main className="mx-auto max-w-5xl px-4 py-8 sm:py-12">
          {page.kind === "confirm" ? (
            <SignOutConfirmation title={TITLES.confirm} appName={page.appName} fields={page.fields} action={page.action} />
          ) : page.kind === "signed_out" ? (
            <SignedOut title={TITLES.signed_out} appName={page.appName} />
          ) : (
            <SignedOut title={TITLES.error} error={page.detail} reference={page.reference} appName={null} />
          )}
        </main>
      </body>
    </html>
  );
  return `<!doctype html>${await renderToStaticMarkup(html)}`;
}
