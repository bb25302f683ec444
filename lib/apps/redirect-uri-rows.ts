import { MAX_REDIRECT_URIS } from "@/lib/oauth/redirect-uri";

/**
 * The redirect URI rows of the form with the test callback added: in the first empty row, else
 * in a new one. null when it is there already or all rows are taken.
 */
export function withTestCallback(uris: readonly string[], testCallback: string): string[] | null {
  if (uris.some((u) => u.trim() === testCallback)) return null;
  const empty = uris.findIndex((u) => u.trim() === "");
  if (empty >= 0) return uris.map((u, i) => (i === empty ? testCallback : u));
  return uris.length < MAX_REDIRECT_URIS ? [...uris, testCallback] : null;
}
