import { hasControlCharacters } from "@/lib/text";

/**
 * Where to go after signing in: a same-origin path, never another site (no open redirect).
 * Accepts a path ("/dashboard?x=1") or an absolute URL on this origin; anything else,
 * including protocol-relative "//evil.example" and "/\evil.example", gives the fallback. The
 * check is made on the path as it will be sent (normalized): "/.//evil.example" and
 * "/%2e//evil.example" normalize to "//evil.example" and are refused too.
 */
export function safeCallbackPath(value: unknown, origin: string, fallback = "/dashboard"): string {
  if (typeof value !== "string" || value === "" || value.length > 4096) return fallback;
  if (hasControlCharacters(value) || value.includes("\\")) return fallback;
  let url: URL;
  try {
    url = new URL(value, origin);
  } catch {
    return fallback;
  }
  if (url.origin !== new URL(origin).origin) return fallback;
  if (!value.startsWith("/") && !value.startsWith(url.origin)) return fallback;
  if (value.startsWith("//")) return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // What the Location header will carry must itself be a same-origin path.
  if (!path.startsWith("/") || path.startsWith("//") || path.startsWith("/\\")) return fallback;
  return path;
}
