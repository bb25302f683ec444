/**
 * The security headers of every Gatehouse response, whoever serves it: next.config.ts applies
 * the base set to Next's responses, proxy.ts gives each page its Content-Security-Policy with a
 * fresh nonce, and the protocol routes, redirects and the authorization error page set theirs
 * (the HTTP front serves the protocol routes without Next). Nothing may be framed.
 */
export const BASE_SECURITY_HEADERS = {
  "X-Frame-Options": "DENY",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "strict-origin-when-cross-origin",
} as const;

/** Responses that are data (JSON, redirects): nothing in them may load or run. */
export const DATA_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";

/** HTML without scripts (the authorization error page): its stylesheets and nothing else. */
export const STATIC_PAGE_CSP = "default-src 'none'; style-src 'self'; img-src 'self' data:; font-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/**
 * The same, for a static page whose form's answer redirects to another site (the sign-out
 * confirmation, back to the app's post-logout URI): no form-action, which browsers apply to that
 * redirect too (as on the consent screen).
 */
export const STATIC_FORM_PAGE_CSP = "default-src 'none'; style-src 'self'; img-src 'self' data:; font-src 'self'; frame-ancestors 'none'; base-uri 'none'";

/**
 * The pages Next renders: scripts only with this response's nonce (Next puts it on its own
 * scripts) and what they load ('strict-dynamic'); no plugins, no <base>, no framing. No
 * form-action: browsers apply it to the consent decision's redirect back to the app. `next dev`
 * also needs eval for its refresh runtime.
 */
export function pageCsp(nonce: string, dev: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self'${dev ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** HSTS for an https issuer (two years, subdomains): browsers then never try plain http. */
export function transportSecurityFor(issuer: string): Record<string, string> {
  return issuer.startsWith("https://") ? { "Strict-Transport-Security": "max-age=63072000; includeSubDomains" } : {};
}

export const SECURITY_HEADERS = { ...BASE_SECURITY_HEADERS, "Content-Security-Policy": DATA_CSP } as const;

/** Consent and authorization URLs carry state and request handles: never sent on as a referrer. */
export const NO_REFERRER = { "Referrer-Policy": "no-referrer" } as const;

/** What the authorization pages answer with: never cached, never framed, their URL never a referrer. */
export const AUTHORIZATION_PAGE_HEADERS = { ...BASE_SECURITY_HEADERS, "Content-Security-Policy": STATIC_PAGE_CSP, ...NO_REFERRER, "Cache-Control": "no-store" } as const;
