/** "1 user", "3 users": a count with its noun (regular plurals). Dates are lib/dates.ts. */
export function countOf(n: number, noun: string): string {
  return `${n} ${n === 1 ? noun : `${noun}s`}`;
}
