const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/**
 * How a range of UTC hours [`fromHour`, `toHour`) splits between the daily rollup and the hourly one: the whole UTC
 * days inside it (`days`, [from, to) in day numbers, null when none) and the hours before and after them (`edges`).
 */
export function splitHours(fromHour: number, toHour: number): { days: { from: number; to: number } | null; edges: { from: number; to: number }[] } {
  const firstDay = Math.ceil(fromHour / 24);
  const endDay = Math.floor(toHour / 24);
  if (firstDay >= endDay) return { days: null, edges: fromHour < toHour ? [{ from: fromHour, to: toHour }] : [] };
  const edges = [
    { from: fromHour, to: firstDay * 24 },
    { from: endDay * 24, to: toHour },
  ].filter((edge) => edge.from < edge.to);
  return { days: { from: firstDay, to: endDay }, edges };
}

/**
 * Where the hours of a UTC day fall in local days at a UTC offset: most of them on the UTC day plus `shift` (the day
 * a daily rollup row is counted on); the hours of day in `moved` ([from, to), 0-24; null when none) on the next or
 * previous local day, to be moved there from the hourly rollup. The local day of an hour only grows with the hour and
 * takes at most two values in a day, so the moved hours are always one run at the start or the end of the day.
 * Local day of an hour = floor((hour start + offset) / 24 h), as everywhere in usage.
 */
export function dayShift(offsetMs: number): { shift: number; moved: { from: number; to: number } | null } {
  const localDays = Array.from({ length: 24 }, (_, hourOfDay) => Math.floor((hourOfDay * HOUR_MS + offsetMs) / DAY_MS));
  const first = localDays[0] ?? 0;
  const change = localDays.findIndex((day) => day !== first);
  if (change === -1) return { shift: first, moved: null };
  // Hours [0, change) are on `first`, [change, 24) on the next local day: the longer run is the daily row's day.
  return change >= 12 ? { shift: first, moved: { from: change, to: 24 } } : { shift: first + 1, moved: { from: 0, to: change } };
}
