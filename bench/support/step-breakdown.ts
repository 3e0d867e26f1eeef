import { percentile, round1 } from '../bench-kit.js';
import type { CallTiming } from './call-timings.js';

/**
 * Where a side's click-to-answer time went, as one line: each step seen in at least half of the calls, at its p50
 * ms after the click, in that order (`createOffer 9.1 · INVITE sent 31.0 · 407 received 33.2 · ...`).
 */
export function stepBreakdown(calls: readonly CallTiming[]): string {
  const byStep = new Map<string, number[]>();
  for (const call of calls) {
    for (const [step, ms] of call.steps) byStep.set(step, [...(byStep.get(step) ?? []), ms]);
  }
  return [...byStep]
    .filter(([, samples]) => samples.length * 2 >= calls.length)
    .map(([step, samples]) => [step, percentile(samples, 50)] as const)
    .sort((a, b) => a[1] - b[1])
    .map(([step, ms]) => `${step} ${round1(ms)}`)
    .join(' · ');
}
