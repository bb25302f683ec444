import { randomUUID } from "node:crypto";

/**
 * The id of a request: on every answer as X-Request-Id, on the error pages and in the request
 * log, so that a developer's report ("it failed, reference …") finds its log line. A trusted
 * proxy's id is kept (behind TRUST_PROXY: nginx's $request_id, a load balancer's), so one id
 * follows the request through both logs; otherwise, or when the proxy's is not a short token,
 * the front makes one. A client's own header is never believed without a trusted proxy.
 */
export const REQUEST_ID_HEADER = "x-request-id";

/** What a proxy's id may look like: a short token, nothing that could carry markup or a line break into a log or a page. */
const PROXY_ID = /^[A-Za-z0-9._:+=/-]{8,128}$/;

export function requestIdFor(forwarded: string | string[] | undefined, trustProxy: number): string {
  if (trustProxy > 0 && typeof forwarded === "string" && PROXY_ID.test(forwarded)) return forwarded;
  return randomUUID();
}
