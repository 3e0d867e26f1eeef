/**
 * A span of time over which a time zone's UTC offset stays the same: instants in [`from`, `to`) (ms since epoch) turn
 * into local days and hours by adding `offsetMs`. The store's usage reads local days from these.
 */
export interface OffsetSegment {
  readonly from: number;
  readonly to: number;
  readonly offsetMs: number;
}

const MS_PER_DAY = 86_400_000;
/** How far apart the offset is sampled: no time zone changes its offset twice within this span. */
const PROBE_STEP_MS = 6 * 3_600_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const formatters = new Map<string, Intl.DateTimeFormat>();

/** One cached formatter per zone: building one costs far more than using it. Throws RangeError for an unknown zone. */
function formatter(timeZone: string): Intl.DateTimeFormat {
  let found = formatters.get(timeZone);
  if (!found) {
    found = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, found);
  }
  return found;
}

/** True when `name` is a time zone this runtime knows (an IANA name such as `Europe/London`, or `UTC`). */
export function isTimeZone(name: string): boolean {
  if (name.length === 0 || name.length > 64) return false;
  try {
    formatter(name);
    return true;
  } catch {
    return false;
  }
}

/** The zone's UTC offset at `at` (ms since epoch), in ms: local wall time minus UTC. */
export function offsetAt(at: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(at)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const wall = Date.UTC(parts.year ?? 1970, (parts.month ?? 1) - 1, parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0);
  return wall - (at - mod(at, 1000));
}

/**
 * Splits [`from`, `to`) into spans of one UTC offset each, in order, without gaps or overlaps: what `Store.usage`
 * turns instants into local days and hours with. DST-correct through Intl; an empty range gives no span.
 */
export function offsetSegments(from: number, to: number, timeZone: string): OffsetSegment[] {
  const segments: OffsetSegment[] = [];
  let start = from;
  let offset = offsetAt(from, timeZone);
  let probe = from;
  while (probe < to) {
    const next = Math.min(probe + PROBE_STEP_MS, to);
    const nextOffset = offsetAt(next, timeZone);
    if (nextOffset !== offset && next <= to) {
      const change = firstChange(probe, next, offset, timeZone);
      if (change < to) {
        segments.push({ from: start, to: change, offsetMs: offset });
        start = change;
        offset = offsetAt(change, timeZone);
      }
    }
    probe = next;
  }
  if (start < to) segments.push({ from: start, to, offsetMs: offset });
  return segments;
}

/** The first instant in (`after`, `upTo`] whose offset differs from `offset`, which `upTo`'s does. */
function firstChange(after: number, upTo: number, offset: number, timeZone: string): number {
  let low = after;
  let high = upTo;
  while (high - low > 1) {
    const middle = low + Math.floor((high - low) / 2);
    if (offsetAt(middle, timeZone) === offset) low = middle;
    else high = middle;
  }
  return high;
}

/**
 * The first instant (ms since epoch) of the local date `date` (`YYYY-MM-DD`) in `timeZone`: local midnight, or the
 * end of a DST gap when the zone skips midnight that day. Throws RangeError for a malformed date or an unknown zone.
 */
export function localDayStart(date: string, timeZone: string): number {
  const match = DATE.exec(date);
  const wall = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : Number.NaN;
  if (!match || Number.isNaN(wall) || dayString(Math.floor(wall / MS_PER_DAY)) !== date) {
    throw new RangeError(`not a date (YYYY-MM-DD): ${date}`);
  }
  const offsets = new Set([offsetAt(wall - 2 * MS_PER_DAY, timeZone), offsetAt(wall, timeZone), offsetAt(wall + 2 * MS_PER_DAY, timeZone)]);
  const starts = [...offsets]
    .map((offset) => wall - offset)
    .filter((at) => localDate(at, timeZone) === date)
    .sort((a, b) => a - b);
  const first = starts[0];
  if (first === undefined) throw new RangeError(`${date} has no start in ${timeZone}`);
  return first;
}

/** The local date (`YYYY-MM-DD`) of the instant `at` in `timeZone`. */
export function localDate(at: number, timeZone: string): string {
  return dayString(Math.floor((at + offsetAt(at, timeZone)) / MS_PER_DAY));
}

/** The date `YYYY-MM-DD` of a day number (days since 1970-01-01), as the store's usage days are keyed. */
export function dayString(dayNumber: number): string {
  return new Date(dayNumber * MS_PER_DAY).toISOString().slice(0, 10);
}

function mod(value: number, by: number): number {
  return ((value % by) + by) % by;
}
