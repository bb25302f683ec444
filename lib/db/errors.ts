/**
 * True when the error is a unique-constraint violation on the given field, as the drivers report
 * it: better-sqlite3 "UNIQUE constraint failed: Table.field", PostgreSQL 23505 with its
 * "Key (field)=" detail.
 */
export function isUniqueViolation(error: unknown, field: string): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { code, message, detail } = error as { code?: unknown; message?: unknown; detail?: unknown };
  if (code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY") return new RegExp(`\\.${field}\\b`).test(String(message));
  if (code === "23505") return String(detail).includes(`(${field})`) || String(detail).includes(`"${field}"`);
  return false;
}
