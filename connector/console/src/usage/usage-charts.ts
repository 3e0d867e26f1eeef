import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { CHART_HEIGHT, categoryAxis, categoryScale, chartFrame, countAxis, zeroBasedScale, type ChartFrame } from './usage-chart-frame.js';
import { dataTable } from './usage-data-table.js';
import { NONE, formatCount, formatDay, formatHourSpan, formatHours, formatMinutes } from './usage-format.js';
import { otherCalls, type UsageCounts, type UsageDay, type UsageHour } from './usage-report.js';

/**
 * The call results stacked in "Calls per day", bottom first. Colours are from the Okabe-Ito palette, told apart with
 * the common colour-vision deficiencies; "Other" is declined, cancelled and abandoned calls.
 */
export const RESULT_PARTS: readonly { readonly label: string; readonly color: string; readonly count: (c: UsageCounts) => number }[] = [
  { label: 'Answered', color: '#009E73', count: (c) => c.answered },
  { label: 'No answer', color: '#E69F00', count: (c) => c.noAnswer },
  { label: 'Busy', color: '#56B4E9', count: (c) => c.busy },
  { label: 'Failed', color: '#D55E00', count: (c) => c.failed },
  { label: 'Other', color: '#999999', count: otherCalls },
];

const BLUE = '#0072B2';
const VERMILLION = '#D55E00';

/**
 * Calls per day as stacked bars by result. uPlot does not stack by itself: each series holds the running total up to
 * its part, and a band per series draws its bar from the part below; the legend shows each part's own count.
 */
export function callsPerDayChart(days: readonly UsageDay[]): ChartFrame {
  const xs = days.map((_, i) => i);
  const own = RESULT_PARTS.map((part) => days.map((day) => part.count(day)));
  const stacked = own.map((_, p) => days.map((_, i) => own.slice(0, p + 1).reduce((sum, counts) => sum + counts[i]!, 0)));
  const total = days.reduce((sum, day) => sum + day.calls, 0);
  const table = dataTable(
    'Calls per day by result',
    ['Day', ...RESULT_PARTS.map((part) => part.label), 'Calls'],
    days.map((day) => [formatDay(day.day), ...RESULT_PARTS.map((part) => formatCount(part.count(day))), formatCount(day.calls)]),
  );
  return chartFrame({
    title: 'Calls per day',
    label: `Stacked bar chart of calls per day by result over ${days.length} ${days.length === 1 ? 'day' : 'days'}, ${formatCount(total)} calls in all. The same figures are in the table below.`,
    table,
    data: [xs, ...stacked],
    options: (width) => ({
      width,
      height: CHART_HEIGHT,
      scales: { x: categoryScale(days.length), y: zeroBasedScale() },
      axes: [categoryAxis(days.map((day) => formatDay(day.day)), 84), countAxis()],
      cursor: { points: { show: false } },
      series: [
        { label: 'Day', value: (_u, i) => (i === null ? NONE : formatDay(days[i]?.day ?? '')) },
        ...RESULT_PARTS.map(
          (part, p): uPlot.Series => ({
            label: part.label,
            fill: part.color,
            stroke: part.color,
            width: 0,
            points: { show: false },
            paths: bars(0.7, 64),
            value: (_u, _v, _s, i) => (i === null ? NONE : formatCount(own[p]![i] ?? 0)),
          }),
        ),
      ],
      bands: RESULT_PARTS.slice(1).map((_, p): uPlot.Band => ({ series: [p + 2, p + 1] })),
    }),
  });
}

/** The local hour with the most calls (the earliest on a tie); null when there are no calls. */
export function busiestHour(hours: readonly UsageHour[]): UsageHour | null {
  let best: UsageHour | null = null;
  for (const hour of hours) if (hour.calls > 0 && (best === null || hour.calls > best.calls || (hour.calls === best.calls && hour.hour < best.hour))) best = hour;
  return best;
}

/** Calls per local hour 0-23 as bars, the busiest hour named in the title and drawn in a contrasting colour. */
export function busiestHoursChart(hours: readonly UsageHour[]): ChartFrame {
  const byHour = Array.from({ length: 24 }, (_, h) => hours.find((hour) => hour.hour === h)?.calls ?? 0);
  const peak = busiestHour(hours);
  const title = peak === null ? 'Calls by hour of day' : `Busiest hour: ${formatHourSpan(peak.hour)}`;
  const labels = byHour.map((_, h) => String(h).padStart(2, '0'));
  const table = dataTable(
    'Calls by hour of day',
    ['Hour', 'Calls'],
    byHour.map((calls, h) => [formatHourSpan(h), formatCount(calls)]),
  );
  const colours = byHour.map((_, h) => (h === peak?.hour ? VERMILLION : BLUE));
  return chartFrame({
    title,
    label: `Bar chart of calls by local hour of day.${peak === null ? '' : ` The busiest hour is ${formatHourSpan(peak.hour)} with ${formatCount(peak.calls)} calls.`} The same figures are in the table below.`,
    table,
    data: [byHour.map((_, h) => h), byHour],
    options: (width) => ({
      width,
      height: CHART_HEIGHT,
      scales: { x: categoryScale(24), y: zeroBasedScale() },
      axes: [categoryAxis(labels, 28), countAxis()],
      cursor: { points: { show: false } },
      series: [
        { label: 'Hour', value: (_u, h) => (h === null ? NONE : formatHourSpan(h)) },
        {
          label: 'Calls',
          fill: BLUE,
          stroke: BLUE,
          width: 0,
          points: { show: false },
          paths: bars(0.75, 48, { fill: { unit: 3, values: () => colours } }),
          value: (_u, v) => (v === null ? NONE : formatCount(v)),
        },
      ],
    }),
  });
}

/** Talk time per day as a line, in minutes on the axis and h:mm:ss in the legend and table. */
export function talkTimeChart(days: readonly UsageDay[]): ChartFrame {
  const minutes = days.map((day) => day.talkSeconds / 60);
  const table = dataTable(
    'Talk time per day',
    ['Day', 'Talk time', 'Answered calls', 'Average talk time'],
    days.map((day) => [formatDay(day.day), formatHours(day.talkSeconds), formatCount(day.answered), formatMinutes(day.averageTalkSeconds)]),
  );
  const total = days.reduce((sum, day) => sum + day.talkSeconds, 0);
  return chartFrame({
    title: 'Talk time per day',
    label: `Line chart of talk time per day over ${days.length} ${days.length === 1 ? 'day' : 'days'}, ${formatHours(total)} in all. The same figures are in the table below.`,
    table,
    data: [days.map((_, i) => i), minutes],
    options: (width) => ({
      width,
      height: CHART_HEIGHT,
      scales: { x: categoryScale(days.length), y: zeroBasedScale() },
      axes: [categoryAxis(days.map((day) => formatDay(day.day)), 84), { label: 'Minutes', values: (_u, splits) => splits.map((m) => formatCount(m)) }],
      series: [
        { label: 'Day', value: (_u, i) => (i === null ? NONE : formatDay(days[i]?.day ?? '')) },
        {
          label: 'Talk time',
          stroke: BLUE,
          width: 2,
          fill: 'rgba(0, 114, 178, 0.12)',
          points: { show: days.length <= 62, size: 6, fill: BLUE },
          value: (_u, _v, _s, i) => (i === null ? NONE : formatHours(days[i]?.talkSeconds ?? 0)),
        },
      ],
    }),
  });
}

function bars(factor: number, maxPx: number, disp?: uPlot.Series.BarsPathBuilderDisplay): uPlot.Series.PathBuilder {
  const builder = uPlot.paths.bars;
  if (!builder) throw new Error('this uPlot build has no bar paths');
  return builder(disp ? { size: [factor, maxPx], disp } : { size: [factor, maxPx] });
}
