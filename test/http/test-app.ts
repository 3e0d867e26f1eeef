import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import type { Express } from 'express';
import request from 'supertest';
import type { ExportTickets } from '../../connector/src/auth/export-tickets.js';
import { SessionTokens, type SignInMethod } from '../../connector/src/auth/session-tokens.js';
import { newSignInKey } from '../../connector/src/auth/sign-in-key.js';
import type { CrmAdapter } from '../../connector/src/crm/crm-adapter.js';
import { createDemoAdapter } from '../../connector/src/crm/demo/demo-adapter.js';
import { DemoCrmDb } from '../../connector/src/crm/demo/demo-crm-db.js';
import { instrumentAdapter } from '../../connector/src/crm/instrumented-adapter.js';
import type { CallPolicy } from '../../connector/src/domain/call-policy.js';
import type { DialPlan } from '../../connector/src/domain/dial-plan.js';
import { createApp, NO_CALL_LIMITS, type AppDeps, type AppLimiters } from '../../connector/src/http/app.js';
import { createLogger } from '../../connector/src/observability/logger.js';
import { createMetrics, type Metrics } from '../../connector/src/observability/metrics.js';
import type { SecretBox } from '../../connector/src/secrets/secret-box.js';
import type { TenantCallLimits } from '../../connector/src/services/call-limits.js';
import { NumberService } from '../../connector/src/services/number-service.js';
import type { SoftphoneSettings } from '../../connector/src/services/softphone-settings.js';
import { TenantPolicy } from '../../connector/src/services/tenant-policy.js';
import { SqliteStore } from '../../connector/src/store/sqlite-store.js';
import type { NewAgent } from '../../connector/src/store/store.js';

export const DIAL_PLAN: DialPlan = Object.freeze({
  sipDomain: 'pbx.example.test',
  defaultRegion: 'US',
  userPhone: true,
  outboundPrefix: '',
  internalExtensionLength: Object.freeze({ min: 2, max: 5 }),
});

export const CALL_POLICY: CallPolicy = Object.freeze({ allowedCountries: null, blockPremiumRate: true, blockSharedCost: true });

export interface TestAppOptions {
  /** The CRM behind the app; the real demo CRM (in memory) when left out. */
  readonly crm?: CrmAdapter;
  /** Wrap the CRM with `instrumentAdapter`, as `main.ts` does. */
  readonly instrument?: boolean;
  readonly callPolicy?: CallPolicy;
  readonly bodyLimitBytes?: number;
  /** Serve the demo CRM's pages (needs the demo CRM, so `crm` must be left out). */
  readonly demoSite?: boolean;
  readonly isShuttingDown?: () => boolean;
  readonly adminToken?: string;
  /** Told how many calls a request ended, as `main.ts` tells the outbox. */
  readonly onCallsEnded?: (count: number) => void;
  /** Seals SIP passwords; a random key when left out. */
  readonly secretBox?: SecretBox;
  readonly softphone?: SoftphoneSettings;
  /** The built widget's folder; a test gives a temporary one. */
  readonly widgetDir?: string;
  /** The built admin console's folder; a test gives a temporary one. */
  readonly consoleDir?: string;
  readonly loopbackSalesforce?: boolean;
  /** `Config.crmOrigins`: who may frame the widget and call the agent API cross-origin. */
  readonly crmOrigins?: readonly string[];
  /** Signs the app's session tokens; one with a random key (15-minute tokens, 12-hour maximum age) when left out. */
  readonly sessionTokens?: SessionTokens;
  /** Signs the calls-export download links; one with a random key when left out. */
  readonly exportTickets?: ExportTickets;
  readonly signInMethods?: readonly SignInMethod[];
  readonly ephemeralSipSecret?: string | null;
  readonly callLimits?: TenantCallLimits;
  /** Rate limits as `Config.rateLimits` gives them; none when left out. */
  readonly rateLimits?: AppDeps['rateLimits'];
  /** Stand-in limiters, used instead of those `rateLimits` makes. */
  readonly limiters?: AppLimiters;
  readonly trustProxy?: number;
  /** Serve the CRM sign-ins (`/auth/{salesforce,hubspot}/*`) with these settings. */
  readonly crmSignIn?: AppDeps['crmSignIn'];
}

export interface TestApp {
  readonly app: Express;
  readonly store: SqliteStore;
  readonly metrics: Metrics;
  /** The demo CRM's database, or null when the app runs on a given `crm`. */
  readonly demoDb: DemoCrmDb | null;
  /** Every log line the app wrote, parsed (level `debug` and up). */
  readonly logs: Record<string, unknown>[];
  /** The app's session tokens: issue one for a stored agent with {@link signIn}. */
  readonly sessions: SessionTokens;
}

const open: { close(): unknown }[] = [];

/**
 * A fresh connector app, wired as `main.ts` wires it (resolution outcomes counted, the tenant policy read from the
 * store), on a real in-memory store and by default the real demo CRM. Nothing listens: tests inject requests with
 * supertest. Call {@link closeTestApps} in `afterEach`.
 */
export function buildTestApp(options: TestAppOptions = {}): TestApp {
  const logs: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n')) if (line) logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const logger = createLogger('debug', stream);
  const metrics = createMetrics({ collectProcessMetrics: false });
  const store = SqliteStore.open(':memory:');
  open.push(store);
  let demoDb: DemoCrmDb | null = null;
  let crm = options.crm;
  if (!crm) {
    demoDb = DemoCrmDb.open(':memory:');
    open.push(demoDb);
    crm = createDemoAdapter(demoDb);
  }
  if (options.instrument) crm = instrumentAdapter(crm, metrics.crmRequests, metrics.crmErrors);
  const callPolicy = options.callPolicy ?? CALL_POLICY;
  const tenantPolicy = new TenantPolicy({ store, configured: { callPolicy, callLimits: options.callLimits ?? NO_CALL_LIMITS } });
  const numbers = new NumberService({
    crm,
    dialPlan: DIAL_PLAN,
    callPolicy,
    policySource: () => tenantPolicy.callPolicy(),
    onResolved: (outcome) => metrics.resolutions.inc({ outcome }),
  });
  const sessions = options.sessionTokens ?? new SessionTokens({ keys: { current: randomBytes(32), previous: [] }, ttlS: 900, maxAgeS: 43_200 });
  const app = createApp({
    logger,
    metrics,
    store,
    crm,
    numbers,
    bodyLimitBytes: options.bodyLimitBytes ?? 100 * 1024,
    demoCrm: options.demoSite ? demoDb : null,
    isShuttingDown: options.isShuttingDown ?? (() => false),
    adminToken: options.adminToken ?? null,
    onCallsEnded: options.onCallsEnded ?? (() => {}),
    onReplay: () => {},
    secretBox: options.secretBox,
    softphone: options.softphone,
    widgetDir: options.widgetDir,
    consoleDir: options.consoleDir,
    loopbackSalesforce: options.loopbackSalesforce,
    sessionTokens: sessions,
    exportTickets: options.exportTickets,
    crmOrigins: options.crmOrigins,
    signInMethods: options.signInMethods,
    ephemeralSipSecret: options.ephemeralSipSecret,
    tenantPolicy,
    rateLimits: options.rateLimits,
    limiters: options.limiters,
    trustProxy: options.trustProxy,
    crmSignIn: options.crmSignIn,
  });
  return { app, store, metrics, demoDb, logs, sessions };
}

/**
 * A session token for the stored agent `agentId`, as a sign-in would hand it out (method `key`, signed in now), so a
 * test can call the agent API as that agent. Throws when there is no such agent.
 */
export async function signIn(testApp: Pick<TestApp, 'store' | 'sessions'>, agentId: string): Promise<string> {
  const agent = await testApp.store.agentById(agentId);
  if (!agent) throw new Error(`no agent ${agentId} to sign in`);
  return (await testApp.sessions.issue({ agent, method: 'key' })).token;
}

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete' | 'head' | 'options';

/** supertest on one app whose every request carries one agent's session token. */
export type AgentRequests = { readonly [M in Method]: (path: string) => request.Test } & { readonly token: string; readonly agentId: string };

/**
 * Requests to `testApp` as a signed-in agent: the agent `id` is created first when the store lacks it (role `agent`,
 * no SIP account, `profile` on top), then signed in. For tests of the agent API that are not about signing in.
 */
export async function asAgent(
  testApp: Pick<TestApp, 'app' | 'store' | 'sessions'>,
  id = 'tester',
  profile: Partial<Omit<NewAgent, 'id' | 'tokenHash'>> = {},
): Promise<AgentRequests> {
  if (!(await testApp.store.agentById(id))) {
    await testApp.store.createAgent({ id, name: id, crmUserId: null, disabled: false, tokenHash: newSignInKey().hash, ...profile });
  }
  const token = await signIn(testApp, id);
  const as = (method: Method) => (path: string) => request(testApp.app)[method](path).set('Authorization', `Bearer ${token}`);
  return {
    token,
    agentId: id,
    get: as('get'),
    post: as('post'),
    put: as('put'),
    patch: as('patch'),
    delete: as('delete'),
    head: as('head'),
    options: as('options'),
  };
}

/** Closes the stores and demo CRMs of every app built since the last call. */
export async function closeTestApps(): Promise<void> {
  for (const resource of open.splice(0)) await resource.close();
}

export const JSON_TYPE = 'application/json; charset=utf-8';
