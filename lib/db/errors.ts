/** True when the error is a unique-constraint violation (Prisma P2002) on the given field. */
export function isUniqueViolation(error: unknown, field: string): boolean {
  if (typeof error !== "object" || error === null || (error as { code?: unknown }).code !== "P2002") return false;
  const target = (error as { meta?: { target?: unknown } }).meta?.target;
  const fields = Array.isArray(target) ? target.map(String) : typeof target === "string" ? [target] : [];
  // Driver adapters do not always report the target; then any P2002 on a single-unique insert counts.
  return fields.length === 0 || fields.some((f) => f === field || f.includes(field));
}
