/**
 * The headers every Gatehouse response carries, whoever serves it: next.config.ts applies them
 * to Next's responses, and the protocol routes set them on theirs (which the HTTP front serves
 * without Next). No page may be framed (clickjacking on consent and the dashboard).
 */
export const SECURITY_HEADERS = {
  "Content-Security-Policy": "frame-ancestors 'none'",
  "X-Frame-Options": "DENY",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "strict-origin-when-cross-origin",
} as const;

/** Consent and authorization URLs carry state and request handles: never sent on as a referrer. */
export const NO_REFERRER = { "Referrer-Policy": "no-referrer" } as const;

/** What the authorization pages answer with: never cached, never framed, their URL never a referrer. */
export const AUTHORIZATION_PAGE_HEADERS = { ...SECURITY_HEADERS, ...NO_REFERRER, "Cache-Control": "no-store" } as const;
