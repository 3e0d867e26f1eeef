/**
 * The connector's resident memory idle and with 10,000 calls in progress.
 *
 * The connector runs as `npm start` runs it (`node dist/connector/src/main.js`, compiled as `npm run build` does), with
 * no flag the product does not use. Thousands of agents are created through the admin API; each signs in and opens a
 * widget (settings, presence every 30 s, the push stream held open) and places three calls as the widget does (resolve
 * to dial, then dialing, ringing, answered), each heartbeating at the interval the agent's settings give, for at least
 * two intervals. Memory is VmRSS from /proc/<pid>/status.
 */
import { round1, type BenchResult, type Benchmark } from './bench-kit.js';
import { BenchConnector } from './support/connector-process.js';
import { inPool } from './support/in-pool.js';
import { processMemory } from './support/proc-memory.js';
import { RssSampler } from './support/rss-sampler.js';
import { buildServerInstall } from './support/server-install.js';
import { SimulatedWidget, WidgetTally } from './support/simulated-widget.js';

const CALLS = 10_000;
/** `CONCURRENT_CALLS`' default: the most calls one agent may have in progress at once. */
const CALLS_PER_AGENT = 3;
const AGENTS = Math.ceil(CALLS / CALLS_PER_AGENT);
/** How many widgets sign in, or place a call, at the same moment. */
const CONCURRENCY = 8;
const SETTLE_MS = 5_000;
const SAMPLE_EVERY_MS = 250;

export const benchmark: Benchmark = {
  name: 'memory',
  title: 'connector resident memory, idle and with 10,000 calls heartbeating',
  run: measure,
};

async function measure(): Promise<BenchResult> {
  const install = await buildServerInstall();
  const widgets: SimulatedWidget[] = new Array(AGENTS);
  try {
    const connector = await BenchConnector.start(install, {
      settings: { CRM: 'demo', SIP_WS_URL: 'wss://pbx.bench.test:8443', SIP_EPHEMERAL_SECRET: 'bench-ephemeral-secret-0123456789' },
    });
    try {
      await settle();
      const fresh = processMemory(connector.pid).rssMb;
      const agents = await connector.createAgents(AGENTS, 'mem', 'ephemeral');
      await settle();
      const idle = processMemory(connector.pid).rssMb;

      const tally = new WidgetTally();
      const sampler = new RssSampler(connector.pid, SAMPLE_EVERY_MS);
      await inPool(AGENTS, CONCURRENCY, async (i) => {
        const widget = new SimulatedWidget(connector.baseUrl, `mem${i + 1}`, await connector.signIn(agents[i]!), widgetAddress(i), tally);
        widgets[i] = widget;
        await widget.open();
      });
      const widgetsOpen = processMemory(connector.pid).rssMb;
      const rampStarted = performance.now();
      // Call k is widget k's first call, k + AGENTS its second...: the agents' calls start spread over the ramp.
      await inPool(CALLS, CONCURRENCY, (k) => widgets[k % AGENTS]!.placeCall());
      const rampS = (performance.now() - rampStarted) / 1000;
      await assertCallsInProgress(connector, CALLS);
      const heartbeatIntervalS = widgets[0]!.heartbeatIntervalS;
      // Every call, the last one placed included, sends at least two heartbeats.
      await sleep((2 * heartbeatIntervalS + 2) * 1000);
      const settled = processMemory(connector.pid);
      const { peakMb, count } = sampler.stop();
      assertWidgetsHealthy(tally, heartbeatIntervalS);
      await assertCallsInProgress(connector, CALLS);
      const heapUsedMb = (await connector.metric('nodejs_heap_size_used_bytes')) / 2 ** 20;
      const heapTotalMb = (await connector.metric('nodejs_heap_size_total_bytes')) / 2 ** 20;
      const passwordCheck = await firstSipPasswordCost(connector);

      return {
        figures: [
          {
            key: 'connector_rss_mb_idle',
            value: round1(idle),
            unit: 'MB',
            better: 'lower',
            means: 'Memory one connector holds once started with its agents set up, before anyone signs in: the floor a host must give it.',
          },
          {
            key: 'connector_rss_mb_10k_calls',
            value: round1(peakMb),
            unit: 'MB',
            better: 'lower',
            goal: { op: '<', value: 150 },
            means: 'The most memory one connector held while 10,000 calls were in progress at once: what to size its host or container for.',
          },
        ],
        details: [
          'the connector as `npm start` runs it: node dist/connector/src/main.js, compiled as `npm run build` compiles it, no extra Node flags; embedded defaults (SQLite in a temporary folder, demo CRM), LOG_LEVEL=info to a file',
          `${AGENTS} agents created through the admin API with ephemeral SIP accounts (SIP_EPHEMERAL_SECRET set), CONCURRENT_CALLS at its default ${CALLS_PER_AGENT}; idle = VmRSS ${SETTLE_MS / 1000} s after the last was created (the connector just started, before any agent: ${round1(fresh)} MB)`,
          `${AGENTS} widgets signed in with their keys, each from its own loopback address (as agents' browsers have their own), reading its settings, reporting presence every 30 s and holding its push stream open: VmRSS ${round1(widgetsOpen)} MB before any call`,
          `${CALLS} calls placed ${CONCURRENCY} at a time in ${rampS.toFixed(0)} s (resolve with purpose dial, then dialing, ringing, answered), each heartbeating every ${heartbeatIntervalS} s (the agents' heartbeatIntervalS); then ${2 * heartbeatIntervalS + 2} s more, so each sent at least two heartbeats (fewest: ${Math.min(...tally.heartbeatsPerCall.values())}); connector_calls_in_progress was ${CALLS} after the ramp and at the end`,
          `10k calls: peak VmRSS ${round1(peakMb)} MB over ${count} readings every ${SAMPLE_EVERY_MS} ms from the first sign-in to the end (VmHWM ${round1(settled.peakRssMb)} MB); settled at the end: ${round1(settled.rssMb)} MB, of which the V8 heap held ${round1(heapTotalMb)} MB with ${round1(heapUsedMb)} MB in use (live objects and garbage not yet collected; /metrics); ${tally.requests} widget requests, none failed (${tally.resets} sent again after the connection was reset, as the widget retries)`,
          `then one more agent created with a SIP password: VmRSS ${passwordCheck >= 0 ? '+' : ''}${round1(passwordCheck)} MB (the password strength check loads its dictionaries on first use and keeps them)`,
        ],
      };
    } finally {
      for (const widget of widgets) widget?.close();
      await connector.close();
    }
  } finally {
    install.remove();
  }
}

async function assertCallsInProgress(connector: BenchConnector, expected: number): Promise<void> {
  const inProgress = await connector.metric('connector_calls_in_progress');
  if (inProgress !== expected) throw new Error(`the connector counts ${inProgress} calls in progress, not ${expected}`);
}

/** The loopback address widget `i`'s browser connects from: 127.1.0.1 onwards, one per widget. */
function widgetAddress(i: number): string {
  return `127.1.${Math.floor((i + 1) / 256)}.${(i + 1) % 256}`;
}

/** How much resident memory the first SIP password set through the admin API adds, after a settle period. */
async function firstSipPasswordCost(connector: BenchConnector): Promise<number> {
  const before = processMemory(connector.pid).rssMb;
  await connector.createAgents(1, 'mem-password', 'password');
  await settle();
  return processMemory(connector.pid).rssMb - before;
}

function assertWidgetsHealthy(tally: WidgetTally, heartbeatIntervalS: number): void {
  if (tally.failures.length > 0) throw new Error(`${tally.failures.length} widget requests failed, e.g.\n${tally.failures.slice(0, 5).join('\n')}`);
  const fewest = Math.min(...tally.heartbeatsPerCall.values());
  if (tally.heartbeatsPerCall.size !== CALLS || fewest < 2) {
    throw new Error(`${tally.heartbeatsPerCall.size} calls tracked, the quietest sent ${fewest} heartbeats in two ${heartbeatIntervalS} s intervals`);
  }
}

/** A few seconds for start-up garbage to be collected and timers to go quiet, as an idle process would. */
function settle(): Promise<void> {
  return sleep(SETTLE_MS);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
