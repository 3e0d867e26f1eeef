import type { Browser, BrowserContext } from 'playwright-core';
import { buildConsole } from '../../connector/console/build.js';
import { launchChromium } from '../../test/browser/chromium.js';
import { installCallEventRecorder } from '../../test/e2e/support/call-events.js';
import { E2E_ADMIN_TOKEN, E2eConnector, type E2eAgent } from '../../test/e2e/support/e2e-connector.js';
import { AGENT, type E2eSystem } from '../../test/e2e/support/e2e-system.js';
import { startKamailio, startSipp, type KamailioStack, type SipUser, type SippRun } from '../../test/stack/sip-stack.js';
import { buildWidget } from '../../widget/build.js';
import { installPageTimeline } from './page-timeline.js';

/**
 * The agent's own calls-per-minute limit, set as an admin sets it for a busy dialler: a benchmark places calls faster
 * than the default tenant limit (10 a minute) allows. The limit is still checked on every dial.
 */
const AGENT_CALLS_PER_MINUTE = 120;

/** The end-to-end system outside mocha, plus what a benchmark needs beside it; `close()` stops every part. */
export interface BenchStack extends E2eSystem {
  close(): Promise<void>;
}

/**
 * Starts what the end-to-end tests run on (test/e2e/support/e2e-system.ts), without mocha's hooks: Kamailio with
 * rtpengine relaying media, the widget and console bundles built as `npm run build` builds them, the connector with
 * its demo CRM, the e2e agent, and Debian's Chromium with fake media devices. `extraSipUsers` get SIP accounts too (a
 * baseline client registers with one). Whatever started is stopped again when a later part fails.
 */
export async function startBenchStack(extraSipUsers: readonly SipUser[] = []): Promise<BenchStack> {
  let stack: KamailioStack | undefined;
  let browser: Browser | undefined;
  let connector: E2eConnector | undefined;
  const contexts: BrowserContext[] = [];
  const sipps: SippRun[] = [];
  const close = async (): Promise<void> => {
    await Promise.allSettled(sipps.splice(0).map((run) => run.stop()));
    await Promise.allSettled(contexts.splice(0).map((context) => context.close()));
    await Promise.allSettled([browser?.close(), connector?.stop(), stack?.stop()]);
  };
  try {
    const started = await Promise.allSettled([
      startKamailio({ users: [{ username: AGENT.sipUsername, password: AGENT.sipPassword }, ...extraSipUsers], relayMedia: true }).then((s) => (stack = s)),
      launchChromium(['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', '--autoplay-policy=no-user-gesture-required']).then(
        (b) => (browser = b),
      ),
      buildWidget(),
      buildConsole(),
    ]);
    const failed = started.find((outcome) => outcome.status === 'rejected');
    if (failed) throw failed.reason;
    const sip = stack!;
    connector = await E2eConnector.start({ crm: { kind: 'demo' }, sip: { domain: sip.domain, wsUrl: sip.wsUrl } });
    const agent: E2eAgent = await connector.createAgent({ ...AGENT });
    await raiseCallsPerMinute(connector, agent.id, AGENT_CALLS_PER_MINUTE);
    const chromium = browser!;
    const running = connector;
    return {
      stack: sip,
      connector: running,
      browser: chromium,
      agent,
      async newContext() {
        const context = await chromium.newContext({ viewport: { width: 1280, height: 800 } });
        contexts.push(context);
        await installPageTimeline(context);
        await installCallEventRecorder(context);
        return context;
      },
      async startSipp(options) {
        const run = await startSipp(options);
        sipps.push(run);
        return run;
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** PATCHes the agent's `limits.callsPerMinute` through the admin API. */
async function raiseCallsPerMinute(connector: E2eConnector, agentId: string, callsPerMinute: number): Promise<void> {
  const response = await fetch(`${connector.baseUrl}/api/v1/admin/agents/${encodeURIComponent(agentId)}`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${E2E_ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ limits: { callsPerMinute } }),
  });
  if (!response.ok) throw new Error(`raising ${agentId}'s calls per minute answered ${response.status}: ${await response.text()}`);
}
