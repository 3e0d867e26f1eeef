import { Writable } from 'node:stream';
import type { Express } from 'express';
import type { CrmAdapter } from '../../connector/src/crm/crm-adapter.js';
import { createDemoAdapter } from '../../connector/src/crm/demo/demo-adapter.js';
import { DemoCrmDb } from '../../connector/src/crm/demo/demo-crm-db.js';
import { instrumentAdapter } from '../../connector/src/crm/instrumented-adapter.js';
import type { CallPolicy } from '../../connector/src/domain/call-policy.js';
import type { DialPlan } from '../../connector/src/domain/dial-plan.js';
import { createApp } from '../../connector/src/http/app.js';
import { createLogger } from '../../connector/src/observability/logger.js';
import { createMetrics, type Metrics } from '../../connector/src/observability/metrics.js';
import type { SecretBox } from '../../connector/src/secrets/secret-box.js';
import { NumberService } from '../../connector/src/services/number-service.js';
import type { SoftphoneSettings } from '../../connector/src/services/softphone-settings.js';
import { SqliteStore } from '../../connector/src/store/sqlite-store.js';

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
  readonly loopbackSalesforce?: boolean;
  readonly corsOrigins?: readonly string[];
}

export interface TestApp {
  readonly app: Express;
  readonly store: SqliteStore;
  readonly metrics: Metrics;
  /** The demo CRM's database, or null when the app runs on a given `crm`. */
  readonly demoDb: DemoCrmDb | null;
  /** Every log line the app wrote, parsed (level `debug` and up). */
  readonly logs: Record<string, unknown>[];
}

const open: { close(): unknown }[] = [];

/**
 * A fresh connector app, wired as `main.ts` wires it (resolution outcomes counted), on a real in-memory store and by
 * default the real demo CRM. Nothing listens: tests inject requests with supertest. Call {@link closeTestApps} in
 * `afterEach`.
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
  if (options.instrument) crm = instrumentAdapter(crm, metrics.crmRequests);
  const numbers = new NumberService({
    crm,
    dialPlan: DIAL_PLAN,
    callPolicy: options.callPolicy ?? CALL_POLICY,
    onResolved: (outcome) => metrics.resolutions.inc({ outcome }),
  });
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
    ...(options.loopbackSalesforce !== undefined ? { loopbackSalesforce: options.loopbackSalesforce } : {}),
    ...(options.corsOrigins ? { corsOrigins: options.corsOrigins } : {}),
  });
  return { app, store, metrics, demoDb, logs };
}

/** Closes the stores and demo CRMs of every app built since the last call. */
export async function closeTestApps(): Promise<void> {
  for (const resource of open.splice(0)) await resource.close();
}

export const JSON_TYPE = 'application/json; charset=utf-8';
