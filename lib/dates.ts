/**
 * Dates as every page shows them: in UTC, which the label says, on a 24-hour clock:
 * "Dec 2, 2026", "Dec 2, 2026, 17:05 UTC", and to the second, "Dec 2, 2026, 17:05:42 UTC", where
 * rows can be seconds apart (two secrets) or a deadline is that close (a code's expiry).
 */
const DAY = { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" } as const;
const TIME = { ...DAY, hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZoneName: "short" } as const;

const DATE = new Intl.DateTimeFormat("en", DAY);
const DATE_TIME = new Intl.DateTimeFormat("en", TIME);
const DATE_TIME_SECONDS = new Intl.DateTimeFormat("en", { ...TIME, second: "2-digit" });

export function formatDate(date: Date): string {
  return DATE.format(date);
}

/** The date and time; `never` stands for a missing one ("Never" used, for instance). */
export function formatDateTime(date: Date | null, options: { seconds?: boolean; never?: string } = {}): string {
  if (!date) return options.never ?? "Never";
  return (options.seconds ? DATE_TIME_SECONDS : DATE_TIME).format(date);
}
