import { config } from "@/lib/config/env";
import type { ProtocolRequest } from "@/lib/oauth/http";

/**
 * Whether a form POST comes from one of Gatehouse's own pages (the consent and sign-out forms'
 * guard against cross-site requests). Browsers say where a POST comes from in Sec-Fetch-Site;
 * with Referrer-Policy: no-referrer they send "Origin: null", so Origin is only checked when it
 * names a real origin.
 */
export function isSameOriginPost(request: ProtocolRequest): boolean {
  const fetchSite = request.headers["sec-fetch-site"];
  if (fetchSite !== undefined) return fetchSite === "same-origin";
  const origin = request.headers.origin;
  if (origin === undefined || origin === "null") return true;
  return origin === new URL(config().issuer).origin || origin === new URL(request.url).origin;
}
