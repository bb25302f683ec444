/**
 * Redirect URI rules: what a developer may register, and how a requested URI is matched.
 *
 * - Absolute, no fragment (RFC 6749 §3.1.2), no wildcard, at most 2048 characters.
 * - https, or http on loopback only: localhost, 127.0.0.1, [::1] (RFC 8252 §7.3, §8.3;
 *   RFC 9700 §4.1).
 * - Private-use schemes are for public (native) clients, and only reverse-domain names with
 *   a dot, like com.example.app:/callback (RFC 8252 §7.1); never javascript:, data:, file:.
 * - Matching is exact string comparison (RFC 9700 §4.1.3), except that for the loopback IP
 *   literals the port may differ, also from a URI registered without one (RFC 8252 §7.3).
 */
import type { ClientType } from "@/lib/oauth/storage";

export type UriCheck = { ok: true; uri: string } | { ok: false; error: string };

export const MAX_REDIRECT_URIS = 3;
export const MAX_REDIRECT_URI_LENGTH = 2048;

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);
const FORBIDDEN_SCHEMES = new Set(["javascript", "data", "file", "vbscript", "blob", "about", "filesystem", "ftp", "ws", "wss", "mailto", "tel"]);
const REVERSE_DOMAIN_SCHEME = /^[a-z][a-z0-9-]*(\.[a-z0-9-]+)+$/;

/** Checks one URI a developer wants to register; the error says what to change. */
export function checkRedirectUri(input: string, clientType: ClientType): UriCheck {
  const uri = input.trim();
  if (uri === "") return fail("Enter a redirect URI");
  if (uri.length > MAX_REDIRECT_URI_LENGTH) return fail(`Use at most ${MAX_REDIRECT_URI_LENGTH} characters`);
  if (/[\u0000-\u0020\u007f]/.test(uri)) return fail("Spaces and control characters are not allowed; percent-encode them");
  if (/[^\u0021-\u007e]/.test(uri)) {
    return fail("Only ASCII is allowed: write an international host in punycode (xn--…) and percent-encode the path");
  }
  if (uri.includes("\\")) return fail("Backslashes are not allowed");
  if (uri.includes("#")) return fail("Fragments (#…) are not allowed in redirect URIs");
  if (uri.includes("*")) return fail("Wildcards are not supported: register each redirect URI exactly");

  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(uri)?.[1];
  if (!scheme) return fail("Use an absolute URI with a scheme, like https://app.example.com/callback");
  if (scheme !== scheme.toLowerCase()) return fail("Write the scheme in lower case");
  if (FORBIDDEN_SCHEMES.has(scheme)) return fail(`The ${scheme}: scheme is never allowed for redirect URIs`);

  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return fail("This is not a valid URI");
  }

  if (scheme === "http" || scheme === "https") return checkWebUri(uri, url);
  return checkPrivateUseUri(uri, url, scheme, clientType);
}

function checkWebUri(uri: string, url: URL): UriCheck {
  if (!/^https?:\/\/[^/]/.test(uri)) return fail("Use the form https://host/path");
  if (url.username || url.password || /^https?:\/\/[^/?]*@/.test(uri)) {
    return fail("User names and passwords (user:pass@host) are not allowed in redirect URIs");
  }
  if (!url.hostname) return fail("Add a host name");
  if (url.protocol === "http:" && !LOOPBACK_HOSTS.has(url.hostname)) {
    return fail("http is only allowed for localhost, 127.0.0.1 and [::1]: use https");
  }
  if (hasDotSegment(uri)) return fail("The path must not contain . or .. segments");
  return { ok: true, uri };
}

function checkPrivateUseUri(uri: string, url: URL, scheme: string, clientType: ClientType): UriCheck {
  if (!REVERSE_DOMAIN_SCHEME.test(scheme)) {
    return fail(`Custom schemes must be reverse domain names with a dot, like com.example.app:/callback (got ${scheme}:)`);
  }
  if (clientType !== "public") {
    return fail("Custom schemes are only for public clients (mobile and desktop apps); confidential apps use https");
  }
  if (url.username || url.password) return fail("User names and passwords are not allowed in redirect URIs");
  if (uri.length === scheme.length + 1) return fail("Add a path after the scheme, like com.example.app:/callback");
  if (hasDotSegment(uri)) return fail("The path must not contain . or .. segments");
  return { ok: true, uri };
}

function hasDotSegment(uri: string): boolean {
  const path = uri.replace(/^[a-z][a-z0-9+.-]*:(\/\/[^/?]*)?/, "").split("?")[0] ?? "";
  return path.split("/").some((segment) => /^(\.|%2e){1,2}$/i.test(segment));
}

function fail(error: string): UriCheck {
  return { ok: false, error };
}

export type UriListCheck =
  | { ok: true; uris: string[] }
  | { ok: false; errors: (string | undefined)[]; formError?: string };

/** What a list of URIs is called in its messages, whether it may be empty, and how many it may hold. */
export type UriListRules = { noun: string; required: boolean; max: number };

const REDIRECT_URI_LIST: UriListRules = { noun: "redirect URI", required: true, max: MAX_REDIRECT_URIS };

/**
 * Checks the list a developer submits: blank entries are dropped, then 1 to 3 URIs (or as `rules`
 * say, for another list held to the same rules), each valid and none repeated. errors[i] belongs
 * to the i-th submitted entry.
 */
export function checkRedirectUriList(inputs: readonly string[], clientType: ClientType, rules: UriListRules = REDIRECT_URI_LIST): UriListCheck {
  const errors: (string | undefined)[] = inputs.map(() => undefined);
  const uris: string[] = [];
  const firstIndexOf = new Map<string, number>();
  let filled = 0;
  inputs.forEach((input, i) => {
    if (input.trim() === "") return;
    filled++;
    const check = checkRedirectUri(input, clientType);
    if (!check.ok) {
      errors[i] = check.error;
      return;
    }
    const earlier = firstIndexOf.get(check.uri);
    if (earlier !== undefined) {
      errors[i] = `Same as ${rules.noun} ${earlier + 1}: each URI can be registered once`;
      return;
    }
    firstIndexOf.set(check.uri, i);
    uris.push(check.uri);
  });
  let formError: string | undefined;
  if (filled === 0 && rules.required) formError = `Add at least one ${rules.noun}`;
  else if (filled > rules.max) formError = `An application can have at most ${rules.max} ${rules.noun}s`;
  if (formError || errors.some(Boolean)) return { ok: false, errors, formError };
  return { ok: true, uris };
}

const LOOPBACK_IP_PORT = /^(http:\/\/(?:127\.0\.0\.1|\[::1\]))(?::(\d{1,5}))?(?=[/?]|$)/;

/** The registered URI a requested one matches, or undefined. @see RFC 8252 §7.3, RFC 9700 §4.1.3 */
export function matchRedirectUri(registered: readonly string[], requested: string): string | undefined {
  const exact = registered.find((r) => r === requested);
  if (exact !== undefined) return exact;
  const port = LOOPBACK_IP_PORT.exec(requested)?.[2];
  if (!LOOPBACK_IP_PORT.test(requested) || (port !== undefined && (Number(port) < 1 || Number(port) > 65535))) return undefined;
  const withoutPort = (uri: string) => uri.replace(LOOPBACK_IP_PORT, "$1");
  return registered.find((r) => LOOPBACK_IP_PORT.test(r) && withoutPort(r) === withoutPort(requested));
}
