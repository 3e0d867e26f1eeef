/// <reference lib="dom" />
import { pollFor } from '../../test/e2e/support/poll.js';
import type { E2eSystem } from '../../test/e2e/support/e2e-system.js';
import type { SipUser } from '../../test/stack/sip-stack.js';
import { startBaselineSite } from '../baseline-sipjs/site.js';
import { callTimings, type CallTiming } from './call-timings.js';
import { farEndResult, startFarEnd, withFarEndAccount } from './far-end.js';
import { readPageTimeline } from './page-timeline.js';

/** The SIP account the baseline page registers: the same kind as the agent's, on the same Kamailio. */
export const BASELINE_USER: SipUser = { username: 'baseline', password: 'Baseline-Quartz-Lantern-48-Amber' };

const NUMBER = '+1 650-253-0000';
const SETTLE_MS = 200;
/** sip.js's default ICE gathering waits up to 5 s per call; a call gets well beyond that to be answered. */
const CALL_TIMEOUT_MS = 30_000;

interface PageCall {
  readonly callId: string;
  readonly establishedAt: number | null;
  readonly endedAt: number | null;
  readonly error: string | null;
}

export interface BaselineCalls {
  readonly calls: readonly CallTiming[];
  readonly clockSkewMs: number;
}

/**
 * `count` calls from the plain sip.js page (bench/baseline-sipjs): registered, a click on its number, the far end
 * answers, the page hangs up, a moment's pause, the next click.
 */
export async function baselineCalls(system: E2eSystem, count: number): Promise<BaselineCalls> {
  const site = await startBaselineSite();
  const farEnd = await startFarEnd(system, count);
  const context = await system.newContext();
  try {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    const { domain, wsUrl } = system.stack;
    const account = new URLSearchParams({
      server: wsUrl,
      aor: `sip:${BASELINE_USER.username}@${domain}`,
      user: BASELINE_USER.username,
      password: BASELINE_USER.password,
      domain,
    });
    await page.goto(`${site.origin}/?${account}`);
    const baseline = () => page.evaluate(() => (window as unknown as { baseline?: { registered: boolean; calls: PageCall[] } }).baseline);
    await pollFor('the baseline page registered', async () => ((await baseline())?.registered ? true : undefined), {
      timeoutMs: 20_000,
      describe: async () => `registered ${String((await baseline())?.registered)}; page errors: ${errors.join('; ') || 'none'}`,
    });
    const link = page.getByRole('link', { name: NUMBER });
    const established: { callId: string; establishedAt: number }[] = [];
    try {
      for (let i = 0; i < count; i++) {
        await link.click();
        const call = await pollFor(
          `baseline call ${i + 1} answered`,
          async () => {
            const seen = (await baseline())?.calls[i];
            return seen && (seen.establishedAt !== null || seen.endedAt !== null || seen.error !== null) ? seen : undefined;
          },
          { timeoutMs: CALL_TIMEOUT_MS, describe: async () => JSON.stringify((await baseline())?.calls[i] ?? null) },
        );
        if (call.establishedAt === null) throw new Error(`baseline call ${i + 1} was not answered: ${call.error ?? 'it ended first'}`);
        established.push({ callId: call.callId, establishedAt: call.establishedAt });
        await page.evaluate((index) => (window as unknown as { baseline: { hangup(i: number): Promise<void> } }).baseline.hangup(index), i);
        await page.waitForTimeout(SETTLE_MS);
      }
    } catch (error) {
      throw await withFarEndAccount(error, farEnd);
    }
    if (errors.length > 0) throw new Error(`the baseline page threw: ${errors.join('; ')}`);
    const timeline = await readPageTimeline(page);
    const far = await farEndResult(farEnd);
    return { calls: callTimings(timeline, established, far.messages), clockSkewMs: timeline.clockSkewMs };
  } finally {
    await context.close();
    await farEnd.stop();
    await site.close();
  }
}
