import { jsonAnswer, lowercaseNames } from "@/lib/oauth/http";
import { toResponse } from "@/lib/route-file";
import { SECURITY_HEADERS } from "@/lib/security-headers";

/**
 * The methods each next-auth action (`/api/auth/<action>[/<provider>]`) takes, as next-auth 4's
 * core/index.js dispatches them: it answers any other method 400 ("not supported"), where 405
 * with Allow says what to send. HEAD is answered as GET (next-auth itself refuses HEAD). The
 * credentials callback only takes the sign-in form's POST; its GET fails inside next-auth.
 */
const ACTION_METHODS: Readonly<Record<string, string>> = {
  providers: "GET, HEAD",
  csrf: "GET, HEAD",
  error: "GET, HEAD",
  "verify-request": "GET, HEAD",
  _log: "POST",
  session: "GET, HEAD, POST",
  signin: "GET, HEAD, POST",
  signout: "GET, HEAD, POST",
  callback: "GET, HEAD, POST",
};

/** The Allow list of a next-auth action, or undefined for a path next-auth does not serve (it answers those 400 itself). */
export function authActionMethods(action: readonly string[]): string | undefined {
  const [name, provider] = action;
  if (name === "callback" && provider === "credentials") return "POST";
  return name !== undefined && Object.hasOwn(ACTION_METHODS, name) ? ACTION_METHODS[name] : undefined;
}

/**
 * What next-auth's route (`/api/auth/*`) would answer with a 500, or a 400 that should be a 405,
 * answered here instead: a method the action does not take, a callbackUrl parameter that is not
 * an http(s) URL or a path (next-auth's assertConfig refuses it with its "server configuration"
 * error), a JSON body it cannot parse. Null when the request may go on to next-auth. (A
 * callback-url cookie next-auth would refuse never gets here: proxy.ts drops it.)
 */
export async function refusedAuthRequest(request: Request, action: readonly string[]): Promise<Response | null> {
  const allow = authActionMethods(action);
  if (allow !== undefined && !allow.split(", ").includes(request.method)) {
    return refusal(405, `this next-auth endpoint accepts ${allow}`, { allow });
  }
  const callbackUrl = new URL(request.url).searchParams.get("callbackUrl");
  if (callbackUrl !== null && callbackUrl !== "" && !isNextAuthUrl(callbackUrl, request.url)) {
    return refusal(400, "callbackUrl must be a path on this site, such as /dashboard");
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

/** The cookies in which next-auth keeps where to go after signing in (plain, and on an https site). */
export const CALLBACK_COOKIES: readonly string[] = ["next-auth.callback-url", "__Secure-next-auth.callback-url"];

/**
 * The callback-url cookies among `cookies` that next-auth would refuse. next-auth checks that
 * cookie on every call, getServerSession's too, and throws, so one such cookie in a browser (set
 * by anyone who can set a cookie for the site) would make every page of it fail for that browser.
 */
export function refusedCallbackCookies(cookies: Iterable<{ name: string; value: string }>, base: string): string[] {
  const refused = new Set<string>();
  for (const { name, value } of cookies) {
    if (CALLBACK_COOKIES.includes(name) && value !== "" && !isNextAuthUrl(value, base)) refused.add(name);
  }
  return [...refused];
}

/** The Set-Cookie value that removes a callback-url cookie from the browser (next-auth sets it Path=/, HttpOnly, SameSite=Lax). */
export function clearedCookie(name: string): string {
  return `${name}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax${name.startsWith("__Secure-") ? "; Secure" : ""}`;
}

/** next-auth's own test of a callback URL (core/lib/assert.js isValidHttpUrl): a path, or an http(s) URL. */
function isNextAuthUrl(value: string, base: string): boolean {
  try {
    return /^https?:/.test(new URL(value, value.startsWith("/") ? base : undefined).protocol);
  } catch {
    return false;
  }
}

const REFUSAL_HEADERS = lowercaseNames(SECURITY_HEADERS);

function refusal(status: number, description: string, headers: Record<Lowercase<string>, string> = {}): Response {
  return toResponse(jsonAnswer({ error: "invalid_request", error_description: description }, status, { ...REFUSAL_HEADERS, ...headers }));
}
