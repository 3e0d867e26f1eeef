/// <reference lib="dom" />
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { buildConsole } from '../../../connector/console/build.js';
import { buildWidget } from '../../../widget/build.js';
import { launchChromium } from '../../browser/chromium.js';
import { OUTPUT_DIR } from '../../browser/harness-browser.js';
import { logTail } from '../../stack/log-tail.js';
import { startKamailio, startSipp, type KamailioStack, type SippOptions, type SippRun, type SippScenario } from '../../stack/sip-stack.js';
import { installAudioProbe } from './audio-probe.js';
import { installCallEventRecorder } from './call-events.js';
import { E2eConnector, type E2eAgent, type E2eCrm } from './e2e-connector.js';
import { SoftphoneUi } from './softphone-ui.js';

/** The agent every end-to-end test signs in as: a SIP account on the stack, an agent on the connector. */
export const AGENT = { id: 'maria', name: 'Maria Agent', sipUsername: 'maria', sipPassword: 'Zebra-Quartz-Lantern-47-Violet' } as const;

/** Everything a flow runs on: the SIP stack, the real connector, Debian's Chromium, and the agent's token. */
export interface E2eSystem {
  readonly stack: KamailioStack;
  readonly connector: E2eConnector;
  readonly browser: Browser;
  readonly agent: E2eAgent;
  /** A fresh browser profile with the audio probe and the call-event recorder in every frame. */
  newContext(): Promise<BrowserContext>;
  /** Starts a sipp (a far end or a caller); whatever still runs when the test ends is stopped then. */
  startSipp(options: SippOptions): Promise<SippRun>;
}

export interface E2eSystemOptions {
  readonly crm: () => E2eCrm;
  readonly heartbeatTimeoutMs?: number;
  readonly crmUserId?: string;
  /** `CRM_ORIGINS` for the connector, read when it starts (after the test's earlier `before` hooks). */
  readonly crmOrigins?: () => readonly string[];
  /** More SIP accounts on Kamailio, for agents a test creates itself (through the admin console). */
  readonly extraSipUsers?: readonly { readonly username: string; readonly password: string }[];
}

let browserBuild: Promise<unknown> | undefined;

/**
 * The bundles `npm run build` writes to `dist/widget` and `dist/console` (the admin console), built once per test run
 * however many flows use them.
 */
function buildBrowserBundlesOnce(): Promise<unknown> {
  browserBuild ??= Promise.all([buildWidget(), buildConsole()]);
  return browserBuild;
}

/**
 * Registers mocha hooks that start the whole system once for the enclosing `describe` and stop it after: Kamailio with
 * rtpengine relaying media between the browser (WebRTC) and the PSTN stand-in (plain RTP), the widget bundle built as
 * `npm run build` builds it, the connector process, an agent with a SIP account, and Chromium with fake media devices.
 * Each part is stopped even when starting a later one failed.
 */
export function useE2eSystem(options: E2eSystemOptions): E2eSystem {
  let stack: KamailioStack | undefined;
  let connector: E2eConnector | undefined;
  let browser: Browser | undefined;
  let agent: E2eAgent | undefined;
  const contexts: BrowserContext[] = [];
  const sipps: SippRun[] = [];
  const need = <T>(part: T | undefined): T => {
    if (part === undefined) throw new Error('the end-to-end system is not up yet: use it inside tests or hooks');
    return part;
  };

  before(async function () {
    this.timeout(120_000);
    await Promise.all([
      startKamailio({ users: [{ username: AGENT.sipUsername, password: AGENT.sipPassword }, ...(options.extraSipUsers ?? [])], relayMedia: true }).then(
        (s) => (stack = s),
      ),
      launchChromium(['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', '--autoplay-policy=no-user-gesture-required']).then(
        (b) => (browser = b),
      ),
      buildBrowserBundlesOnce(),
    ]);
    connector = await E2eConnector.start({
      crm: options.crm(),
      sip: { domain: need(stack).domain, wsUrl: need(stack).wsUrl },
      ...(options.heartbeatTimeoutMs ? { heartbeatTimeoutMs: options.heartbeatTimeoutMs } : {}),
      ...(options.crmOrigins ? { crmOrigins: options.crmOrigins() } : {}),
    });
    agent = await connector.createAgent({ ...AGENT, ...(options.crmUserId ? { crmUserId: options.crmUserId } : {}) });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') {
      // What the agent saw when it failed, for whoever reads the CI log.
      mkdirSync(OUTPUT_DIR, { recursive: true });
      const name = (this.currentTest.title.replace(/[^a-z0-9]+/gi, '-').slice(0, 60) || 'test').toLowerCase();
      const pages = contexts.flatMap((context) => context.pages());
      await Promise.allSettled(pages.map((page, i) => page.screenshot({ path: path.join(OUTPUT_DIR, `e2e-failed-${name}-${i}.png`) })));
      console.log(`      screenshots of ${pages.length} page(s): ${OUTPUT_DIR}/e2e-failed-${name}-*.png`);
      // The SIP side's own account of the failure (most flow failures show first as a refusal in these logs), put in
      // the failure itself so it reaches the end of the CI log.
      const err = this.currentTest.err;
      if (stack && err) {
        const relay = stack.mediaRelay?.logs();
        err.message +=
          `\n--- Kamailio log (last 40 lines) ---\n${logTail(stack.logs(), 40)}` +
          (relay === undefined ? '' : `\n--- rtpengine log (last 30 lines) ---\n${logTail(relay, 30)}`);
      }
    }
    // A far end left ringing by a failed test would hold the PSTN port and answer the next test's call.
    await Promise.allSettled(sipps.splice(0).map((run) => run.stop()));
  });

  after(async function () {
    this.timeout(30_000);
    await Promise.allSettled(contexts.map((context) => context.close()));
    await Promise.allSettled([browser?.close(), connector?.stop(), stack?.stop()]);
  });

  return {
    get stack() {
      return need(stack);
    },
    get connector() {
      return need(connector);
    },
    get browser() {
      return need(browser);
    },
    get agent() {
      return need(agent);
    },
    async newContext() {
      const context = await need(browser).newContext({ viewport: { width: 1280, height: 800 } });
      contexts.push(context);
      await installAudioProbe(context);
      await installCallEventRecorder(context);
      return context;
    },
    async startSipp(sippOptions) {
      const run = await startSipp(sippOptions);
      sipps.push(run);
      return run;
    },
  };
}

/** The PSTN stand-in the agent's calls to telephone numbers reach: sipp playing `scenario` on the stack's PSTN port. */
export function pstnFarEnd(
  system: E2eSystem,
  args: { readonly scenario: SippScenario; readonly pauseMs?: number; readonly rtpEcho?: boolean },
): Promise<SippRun> {
  return system.startSipp({
    scenario: args.scenario,
    localPort: system.stack.pstnPort,
    timeoutMs: 60_000,
    ...(args.pauseMs !== undefined ? { pauseMs: args.pauseMs } : {}),
    ...(args.rtpEcho ? { rtpEcho: true } : {}),
  });
}

/** A demo CRM record page with the embedded widget open and signed in as the agent, Ready to call. */
export async function openSignedInDemoPage(
  system: E2eSystem,
  context: BrowserContext,
  recordPath: string,
  recordName: string,
): Promise<{ page: Page; phone: SoftphoneUi; errors: string[] }> {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${system.connector.baseUrl}/#/${recordPath}`);
  await page.getByRole('heading', { name: recordName }).waitFor();
  const phone = new SoftphoneUi(page);
  const launcher = page.getByRole('button', { name: /^Phone · / });
  if ((await launcher.getAttribute('aria-expanded')) === 'false') await launcher.click();
  if (await page.getByLabel('Sign-in key').isVisible()) await phone.signIn(system.agent.signInKey);
  else await phone.waitForStatus(/^Ready$/);
  return { page, phone, errors };
}

/** A caller on the telephone network (sipp, through Kamailio's UDP side) calling the agent from `caller`. */
export function callAgentFromPstn(
  system: E2eSystem,
  args: { readonly scenario: SippScenario; readonly caller: string; readonly pauseMs?: number; readonly rtpEcho?: boolean },
): Promise<SippRun> {
  return system.startSipp({
    scenario: args.scenario,
    remote: `127.0.0.1:${system.stack.udpPort}`,
    service: AGENT.sipUsername,
    keys: { caller: args.caller, domain: system.stack.domain },
    timeoutMs: 30_000,
    ...(args.pauseMs !== undefined ? { pauseMs: args.pauseMs } : {}),
    ...(args.rtpEcho ? { rtpEcho: true } : {}),
  });
}
