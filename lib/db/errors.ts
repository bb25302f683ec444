/**
 * True when the error is a unique-constraint violation on the given field: Prisma's P2002, or
 * the drivers' own (better-sqlite3 "UNIQUE constraint failed: Table.field", PostgreSQL 23505
 * with its "Key (field)=" detail).
 */
export function isUniqueViolation(error: unknown, field: string): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { code, message, detail } = error as { code?: unknown; message?: unknown; detail?: unknown };
  if (code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY") return new RegExp(`\\.${field}\\b`).test(String(message));
  if (code === "23505") return String(detail).includes(`(${field})`) || String(detail).includes(`"${field}"`);
  if (code !== "P2002") return false;
  const target = (error as { meta?: { target?: unknown } }).meta?.target;
  const fields = Array.isArray(target) ? target.map(String) : typeof target === "string" ? [target] : [];
  // Driver adapters do not always report the target; then any P2002 on a single-unique insert counts.
  return fields.length === 0 || fields.some((f) => f === field || f.includes(field));
}
