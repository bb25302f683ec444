/**
 * The username a new account starts with: the email's local part reduced to what
 * usernameSchema accepts ("Ada.Lovelace+x@example.com" -> "ada-lovelace"), at least 3 characters.
 */
export function baseUsernameFromEmail(email: string): string {
  const local = email.split("@")[0]?.split("+")[0] ?? "";
  const slug = local
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 24)
    .replace(/-+$/g, "");
  return slug.length >= 3 ? slug : `user${slug ? `-${slug}` : ""}`;
}

/** The first of base, base-2, base-3, ... that is not in taken. */
export function firstFreeUsername(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base}-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}
