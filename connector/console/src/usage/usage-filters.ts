import { addDays, daysBetween } from './usage-format.js';

/**
 * What the usage page shows: local dates `from`..`to` (both counted) in `timeZone`, of the chosen agents (empty: all)
 * of agents now in `team` (null: any). Kept in the page's hash (`#/usage?from=…&to=…&tz=…&agent=…&team=…`) so a view
 * can be shared as a link and survives a reload.
 */
export interface UsageFilters {
  readonly from: string;
  readonly to: string;
  readonly timeZone: string;
  readonly agents: readonly string[];
  readonly team: string | null;
}

/** The route the usage page answers at; its query follows a `?`. */
export const USAGE_ROUTE = '#/usage';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The longest range the usage API answers, in days. */
export const MAX_DAYS = 366;

/** Whether `value` is a real calendar date written `YYYY-MM-DD` (`2025-13-01` and `2025-02-30` are not). */
export function isDate(value: string): boolean {
  if (!DATE.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** Whether this browser knows the IANA zone `name`. */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** The browser's own time zone, the default of the page. */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** Today's date in `timeZone`. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(now);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** The filters a link asked for, and what of it was not usable (in words, for the admin); empty when all was. */
export interface FiltersFromHash {
  readonly filters: UsageFilters;
  readonly ignored: readonly string[];
}

/**
 * The filters a hash asks for. Whatever it lacks takes the default: the browser's time zone and the 7 days ending
 * today there. Whatever it gets wrong (a date that is no date, such as `2025-13-01`; an unknown zone; a reversed or
 * too long range) also takes the default, and is listed in `ignored`: a link edited by hand must still open the page.
 */
export function filtersFromHash(hash: string, now: Date = new Date()): FiltersFromHash {
  const at = hash.indexOf('?');
  const query = new URLSearchParams(at < 0 ? '' : hash.slice(at + 1));
  const ignored: string[] = [];
  const tz = query.get('tz');
  if (tz !== null && !isTimeZone(tz)) ignored.push(`the time zone “${tz}” is unknown`);
  const timeZone = tz && isTimeZone(tz) ? tz : browserTimeZone();
  const dateParam = (name: 'from' | 'to'): string | null => {
    const value = query.get(name);
    if (value === null || isDate(value)) return value;
    ignored.push(`${name}=${value} is not a date`);
    return null;
  };
  let to = dateParam('to') ?? todayIn(timeZone, now);
  let from = dateParam('from') ?? addDays(to, -6);
  if (from > to || daysBetween(from, to) > MAX_DAYS) {
    ignored.push(from > to ? 'its From date is after its To date' : `its range is longer than ${MAX_DAYS} days`);
    to = todayIn(timeZone, now);
    from = addDays(to, -6);
  }
  const agents = (query.get('agent') ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id !== '');
  const team = query.get('team');
  return { filters: { from, to, timeZone, agents: [...new Set(agents)], team: team ? team : null }, ignored };
}

/** The query both the usage API and the page's hash take for `filters`. */
export function filtersQuery(filters: UsageFilters): string {
  const query = new URLSearchParams({ from: filters.from, to: filters.to, tz: filters.timeZone });
  if (filters.agents.length > 0) query.set('agent', filters.agents.join(','));
  if (filters.team !== null) query.set('team', filters.team);
  return query.toString();
}

/** The hash that shows `filters`. */
export function filtersHash(filters: UsageFilters): string {
  return `${USAGE_ROUTE}?${filtersQuery(filters)}`;
}
