import type { ReactElement, ReactNode } from "react";
import { siteStylesheets } from "@/app/oauth/authorize/site-stylesheets";
import { HeaderBar } from "@/components/header";

/**
 * React's HTML renderer, loaded by Node at run time: Next refuses react-dom/server in the
 * bundle of an App Route, and these components are plain markup (no hooks, no client parts).
 */
async function renderToStaticMarkup(element: ReactElement): Promise<string> {
  const server: typeof import("react-dom/server") = await import(/* turbopackIgnore: true */ /* webpackIgnore: true */ "react-dom/server");
  return server.renderToStaticMarkup(element);
}

/**
 * A page a route answers itself, with its own status (an App Router page cannot answer 400): the
 * site's header and stylesheet around `content`. The authorization error page and the sign-out
 * pages are made so.
 */
export async function renderSitePage(title: string, content: ReactNode): Promise<string> {
  const page = (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{`${title} · Gatehouse`}</title>
        <link rel="icon" href="/favicon.ico" sizes="16x16 32x32 48x48" />
        <link rel="icon" href="/icon.svg" type="image/svg+xml" />
        {siteStylesheets().map((href) => (
          <link key={href} rel="stylesheet" href={href} />
        ))}
      </head>
      <body className="min-h-screen">
        <HeaderBar />
        <main className="mx-auto max-w-5xl px-4 py-8 sm:py-12">{content}</main>
      </body>
    </html>
  );
  return `<!doctype html>${await renderToStaticMarkup(page)}`;
}
