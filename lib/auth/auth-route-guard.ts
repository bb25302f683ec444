import { jsonResponse } from "@/lib/oauth/http";
import { SECURITY_HEADERS } from "@/lib/security-headers";

/**
 * What next-auth's route (`/api/auth/*`) would answer with a 500 and is answered here instead:
 * next-auth refuses a callbackUrl parameter or cookie that is not an http(s) URL or a path
 * (core/lib/assert.js, InvalidCallbackUrl) with its "server configuration" error, throws on a
 * JSON body it cannot parse, and fails on a GET of the credentials callback. Null when the
 * request may go on to next-auth.
 */
export async function refusedAuthRequest(request: Request, action: readonly string[]): Promise<Response | null> {
  const [name, provider] = action;
  if (name === "callback" && provider === "credentials" && request.method !== "POST") {
    return refusal(405, "the credentials callback accepts POST: sign in from the sign-in page", { Allow: "POST" });
  }
  const callbackUrl = new URL(request.url).searchParams.get("callbackUrl");
  if (callbackUrl !== null && callbackUrl !== "" && !isNextAuthUrl(callbackUrl, request.url)) {
    return refusal(400, "callbackUrl must be a path on this site, such as /dashboard");
  }
  // The cookie is the browser's, not something its user typed: it is cleared, and the answer says so.
  for (const cookie of CALLBACK_COOKIES) {
    const value = cookieValue(request.headers.get("cookie"), cookie);
    if (value !== undefined && value !== "" && !isNextAuthUrl(value, request.url)) {
      const secure = cookie.startsWith("__Secure-") ? "; Secure" : "";
      return refusal(400, `the ${cookie} cookie was not a URL on this site; it has been cleared: try again`, {
        "Set-Cookie": `${cookie}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax${secure}`,
      });
    }
  }
  if (request.method === "POST" && (request.headers.get("content-type") ?? "").includes("application/json")) {
    try {
      await request.clone().json();
    } catch {
      return refusal(400, "the request body is not JSON; sign-in forms are sent as application/x-www-form-urlencoded");
    }
  }
  return null;
}

const CALLBACK_COOKIES = ["next-auth.callback-url", "__Secure-next-auth.callback-url"] as const;

/** next-auth's own test of a callback URL (core/lib/assert.js isValidHttpUrl): a path, or an http(s) URL. */
function isNextAuthUrl(value: string, base: string): boolean {
  try {
    return /^https?:/.test(new URL(value, value.startsWith("/") ? base : undefined).protocol);
  } catch {
    return false;
  }
}

/** The value of one cookie in a Cookie header, decoded as next-auth reads it; undefined when absent. */
export function cookieValue(header: string | null, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const at = part.indexOf("=");
    if (at === -1 || part.slice(0, at).trim() !== name) continue;
    const raw = part.slice(at + 1).trim();
    try {
      return decodeURIComponent(raw);
    } catch {
      return raw;
    }
  }
  return undefined;
}

function refusal(status: number, description: string, headers: Record<string, string> = {}): Response {
  return jsonResponse({ error: "invalid_request", error_description: description }, status, { ...SECURITY_HEADERS, ...headers });
}
