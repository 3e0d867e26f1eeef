import uPlot from 'uplot';
import { h, uniqueId } from '../dom.js';

/** A drawn chart in the page; `dispose` stops following the page's width and frees the chart. */
export interface ChartFrame {
  readonly element: HTMLElement;
  dispose(): void;
}

const HEIGHT = 240;

/**
 * A chart as a figure: a title, the uPlot plot (an image to assistive technology, named by `label`) with its legend,
 * and a "Show as table" disclosure holding the same figures for screen readers and for copying.
 *
 * The plot is drawn once its box has a width and follows that width from then on (window resizes, side panels), so
 * it never overflows on a narrow screen. Layout work happens in the next animation frame, not inside the
 * ResizeObserver callback, so a chart's own height change never loops the observer.
 */
export function chartFrame(args: {
  readonly title: string;
  readonly label: string;
  readonly table: HTMLTableElement;
  readonly options: (width: number) => uPlot.Options;
  readonly data: uPlot.AlignedData;
}): ChartFrame {
  const titleId = uniqueId('chart-title');
  const plot = h('div', { class: 'usage-chart-plot', attrs: { role: 'img', 'aria-label': args.label } });
  const element = h(
    'figure',
    { class: 'usage-chart', attrs: { 'aria-labelledby': titleId } },
    h('figcaption', { class: 'usage-chart-title', text: args.title, attrs: { id: titleId } }),
    plot,
    h('details', { class: 'usage-chart-data' }, h('summary', { text: 'Show as table' }), args.table),
  );

  let chart: uPlot | null = null;
  let frame = 0;
  let width = 0;
  const layout = () => {
    frame = 0;
    const next = Math.floor(plot.clientWidth);
    if (next <= 0 || next === width) return;
    width = next;
    if (chart === null) chart = new uPlot(args.options(width), args.data, plot);
    else chart.setSize({ width, height: HEIGHT });
  };
  const observer = new ResizeObserver(() => {
    if (frame === 0) frame = requestAnimationFrame(layout);
  });
  observer.observe(plot);

  return {
    element,
    dispose() {
      observer.disconnect();
      if (frame !== 0) cancelAnimationFrame(frame);
      chart?.destroy();
      chart = null;
    },
  };
}

/** The height every usage chart is drawn at, legend excluded. */
export const CHART_HEIGHT = HEIGHT;

/**
 * An x axis over category indices 0..n-1 (days, hours) labelled by `labels`, leaving out labels evenly when the plot
 * is too narrow to show them all.
 */
export function categoryAxis(labels: readonly string[], minLabelPx: number): uPlot.Axis {
  return {
    grid: { show: false },
    splits: (u) => {
      const fit = Math.max(1, Math.floor(u.bbox.width / uPlot.pxRatio / minLabelPx));
      const step = Math.ceil(labels.length / fit);
      const splits: number[] = [];
      for (let i = 0; i < labels.length; i += step) splits.push(i);
      return splits;
    },
    values: (_u, splits) => splits.map((i) => labels[i] ?? ''),
  };
}

/** A y axis of whole counts from 0. */
export function countAxis(): uPlot.Axis {
  return { incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 20_000, 50_000, 100_000, 200_000, 500_000, 1_000_000] };
}

/** The x scale of `n` categories, with half a column of room either side so end bars are whole. */
export function categoryScale(n: number): uPlot.Scale {
  return { time: false, range: () => [-0.5, Math.max(0, n - 1) + 0.5] };
}

/** A y scale from 0 to a little above `max`, at least 1 so an empty chart still has an axis. */
export function zeroBasedScale(): uPlot.Scale {
  return { range: (_u, _min, max) => [0, Math.max(1, max) * 1.08] };
}
