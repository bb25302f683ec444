/**
 * The authorization error page: shown on Gatehouse when the client or its redirect URI cannot
 * be trusted, so nothing may be sent back to it (RFC 6749 §4.1.2.1). Plain HTML so the route
 * can answer with status 400; the value received is shown escaped.
 */
const escape = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

export function renderAuthorizeErrorPage(page: { title: string; detail: string; received?: string }): string {
  const received = page.received
    ? `<p class="label">Value received</p><pre>${escape(page.received.slice(0, 2048))}</pre>`
    : "";
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${escape(page.title)} · Gatehouse</title>
<style>
body{margin:0;font-family:ui-sans-serif,system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;background:#f8fafc;color:#0f172a}
header{background:#fff;border-bottom:1px solid #e2e8f0;padding:12px 16px;font-weight:600}
header span{display:inline-grid;place-items:center;width:28px;height:28px;border-radius:6px;background:#4f46e5;color:#fff;margin-right:8px;font-size:14px}
main{max-width:640px;margin:48px auto;padding:0 16px}
.card{background:#fff;border:1px solid #fecaca;border-radius:12px;padding:24px;box-shadow:0 1px 2px rgba(0,0,0,.05)}
h1{font-size:22px;margin:0 0 8px;color:#991b1b}
p{line-height:1.5;color:#334155}
.label{font-size:13px;font-weight:600;margin:16px 0 4px;color:#0f172a}
pre{background:#f1f5f9;border-radius:6px;padding:10px;white-space:pre-wrap;word-break:break-all;font-size:13px;margin:0}
.note{font-size:13px;color:#64748b;margin-top:20px}
a{color:#4f46e5}
a.home{color:#0f172a;text-decoration:none}
</style></head>
<body><header><a href="/" class="home"><span>G</span>Gatehouse</a></header>
<main><div class="card" role="alert">
<h1>${escape(page.title)}</h1>
<p>${escape(page.detail)}</p>
${received}
<p class="note">You were not sent back to the app because Gatehouse could not confirm where it is safe to send you.
If you are the app's developer, see <a href="/docs#errors">the integrator docs</a>; otherwise, tell the app's support.</p>
</div></main></body></html>`;
}

/** The error page as a response: status 400 unless told otherwise, not cacheable, no referrer, not frameable. */
export function authorizeErrorResponse(page: { title: string; detail: string; received?: string }, status = 400): Response {
  return new Response(renderAuthorizeErrorPage(page), {
    status,
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Cache-Control": "no-store",
      "Referrer-Policy": "no-referrer",
      "Content-Security-Policy": "frame-ancestors 'none'",
      "X-Frame-Options": "DENY",
    },
  });
}
