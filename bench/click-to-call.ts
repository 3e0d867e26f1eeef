/**
 * How long an agent's click on a number takes to become a call: to the INVITE reaching the far end, and to the call
 * answered, through the real stack (headless Chromium, the connector with its demo CRM, Kamailio with rtpengine
 * relaying media, sipp as the PSTN). Against the same for a plain sip.js page with sip.js's defaults, in the same run.
 *
 * The click is a capturing listener's `performance.timeOrigin + event.timeStamp`; the INVITE is sipp's own receive
 * time (its message trace) of the call's first INVITE, matched by Call-ID. Both are wall clock on this machine.
 */
import { percentile, round1, type BenchResult, type Benchmark } from './bench-kit.js';
import { BASELINE_USER, baselineCalls } from './support/baseline-calls.js';
import type { CallTiming } from './support/call-timings.js';
import { startBenchStack } from './support/e2e-stack.js';
import { productCalls } from './support/product-calls.js';
import { stepBreakdown } from './support/step-breakdown.js';

/** Calls per side: the first warms up (microphone, first peer connection, connections to the connector) and is dropped. */
const PRODUCT_CALLS = 31;
const BASELINE_CALLS = 31;

export const benchmark: Benchmark = {
  name: 'click-to-call',
  title: 'click on a CRM number to INVITE at the far end and to answered, against plain sip.js',
  run: measure,
};

async function measure(): Promise<BenchResult> {
  const system = await startBenchStack([BASELINE_USER]);
  try {
    const chromium = system.browser.version();
    const product = await productCalls(system, PRODUCT_CALLS);
    const baseline = await baselineCalls(system, BASELINE_CALLS);
    const [productWarmUp, ...measured] = product.calls;
    const [baselineWarmUp, ...baselineMeasured] = baseline.calls;
    const invite = measured.map((c) => c.clickToInviteMs);
    const answered = measured.map((c) => c.clickToEstablishedMs);
    const baselineInvite = baselineMeasured.map((c) => c.clickToInviteMs);
    const baselineAnswered = baselineMeasured.map((c) => c.clickToEstablishedMs);
    return {
      figures: [
        {
          key: 'click_to_invite_ms_p50',
          value: round1(percentile(invite, 50)),
          unit: 'ms',
          better: 'lower',
          goal: { op: '<', value: 30 },
          means: 'Half of the clicks on a number in the CRM have the call reach the telephone network (the INVITE at the far end) within this time.',
        },
        {
          key: 'click_to_invite_ms_p95',
          value: round1(percentile(invite, 95)),
          unit: 'ms',
          better: 'lower',
          means: 'Nineteen clicks in twenty reach the telephone network within this time: the slow end an agent notices now and then.',
        },
        {
          key: 'baseline_click_to_invite_ms_p50',
          value: round1(percentile(baselineInvite, 50)),
          unit: 'ms',
          better: 'lower',
          means: 'The same for a plain sip.js page with sip.js’s default options: what a softphone without the product’s fast-dial path gets.',
        },
        {
          key: 'click_to_established_ms_p50',
          value: round1(percentile(answered, 50)),
          unit: 'ms',
          better: 'lower',
          goal: { op: '<', value: 150 },
          means: 'When the far end answers at once, half of the calls show as answered in the agent’s call panel within this time of the click.',
        },
        {
          key: 'baseline_click_to_established_ms_p50',
          value: round1(percentile(baselineAnswered, 50)),
          unit: 'ms',
          better: 'lower',
          means: 'The same for the plain sip.js page: its call reaching Established after an immediate answer.',
        },
      ],
      details: [
        `product: ${measured.length} calls from the demo CRM's Contact/CON-0001 page (widget embedded, signed in, Ready), a click on +1 650-253-0000 each, hang up, skip the wrap-up, Ready, 200 ms pause; first call dropped as warm-up (${ms(productWarmUp)})`,
        `baseline: ${baselineMeasured.length} calls from a one-link page (bench/baseline-sipjs: UserAgent + Registerer + Inviter, sip.js defaults incl. Google STUN and the 5 s ICE gathering timeout) on its own SIP account, same Kamailio, same run; first call dropped (${ms(baselineWarmUp)})`,
        `stack: headless Chromium ${chromium} with fake media devices, Kamailio (WebSocket, digest auth: every INVITE is challenged with 407) with rtpengine relaying media, sipp uas-answer on the PSTN port (180 then 200 at once), all on this machine's loopback`,
        'click = capturing click listener, performance.timeOrigin + event.timeStamp; INVITE = sipp\'s receive time (-trace_msg, µs) of the call\'s first INVITE at the far end, by Call-ID; answered = the widget\'s clicktocall:call "answered" event (product), the Inviter reaching Established (baseline)',
        `product click to INVITE ${spread(invite)}; click to answered ${spread(answered)}; the call panel painted (next animation frame) p50 ${round1(percentile(product.clickToShownMs.slice(1), 50))} ms`,
        `baseline click to INVITE ${spread(baselineInvite)}; click to Established ${spread(baselineAnswered)}`,
        `page clock minus Date.now(): product ${round1(product.clockSkewMs)} ms, baseline ${round1(baseline.clockSkewMs)} ms (Date.now() has 1 ms steps), so page and sipp times compare`,
        `product, p50 ms after the click per step: ${stepBreakdown(measured)}`,
        `baseline, p50 ms after the click per step: ${stepBreakdown(baselineMeasured)}`,
      ],
    };
  } finally {
    await system.close();
  }
}

function ms(call: CallTiming | undefined): string {
  if (!call) return 'none';
  return `${round1(call.clickToInviteMs)} ms to INVITE, ${round1(call.clickToEstablishedMs)} ms to answered`;
}

function spread(samples: readonly number[]): string {
  return `min ${round1(Math.min(...samples))} / p50 ${round1(percentile(samples, 50))} / p95 ${round1(percentile(samples, 95))} / max ${round1(Math.max(...samples))} ms`;
}
