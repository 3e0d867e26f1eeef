/** How the usage page writes numbers, shares and durations; missing values (no calls) show as an em dash. */
export const NONE = '—';

const COUNT = new Intl.NumberFormat('en-US');
const DECIMAL = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

export function formatCount(n: number): string {
  return COUNT.format(n);
}

export function formatDecimal(n: number): string {
  return DECIMAL.format(n);
}

/** A fraction 0..1 as a percentage with one decimal: `66.7%`. */
export function formatRate(fraction: number | null): string {
  return fraction === null ? NONE : `${DECIMAL.format(fraction * 100)}%`;
}

/** `h:mm:ss`, hours unbounded: talk time over a range. */
export function formatHours(seconds: number | null): string {
  if (seconds === null) return NONE;
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 3600)}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
}

/** `m:ss`, minutes unbounded: an average call. */
export function formatMinutes(seconds: number | null): string {
  if (seconds === null) return NONE;
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}:${pad(s % 60)}`;
}

/** `10:00-11:00`: one local hour of the day. */
export function formatHourSpan(hour: number): string {
  return `${pad(hour)}:00-${pad((hour + 1) % 24)}:00`;
}

/** `Mon 2 Nov` for a local date `YYYY-MM-DD` (the date as written, whatever the browser's own zone). */
export function formatDay(day: string): string {
  return DAY.format(dayToUtcMs(day));
}

const DAY = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' });

/** Ms of `YYYY-MM-DD` 00:00 UTC: dates as plain calendar days, for arithmetic and formatting. */
export function dayToUtcMs(day: string): number {
  return Date.parse(`${day}T00:00:00Z`);
}

/** The calendar date `days` after (or before) `day`. */
export function addDays(day: string, days: number): string {
  return new Date(dayToUtcMs(day) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Calendar days from `from` to `to`, both counted. */
export function daysBetween(from: string, to: string): number {
  return Math.round((dayToUtcMs(to) - dayToUtcMs(from)) / 86_400_000) + 1;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
