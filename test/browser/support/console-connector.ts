import { rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { buildConsole } from '../../../connector/console/build.js';
import { createDemoAdapter } from '../../../connector/src/crm/demo/demo-adapter.js';
import { DemoCrmDb } from '../../../connector/src/crm/demo/demo-crm-db.js';
import { createApp, NO_CALL_LIMITS } from '../../../connector/src/http/app.js';
import { createLogger } from '../../../connector/src/observability/logger.js';
import { createMetrics } from '../../../connector/src/observability/metrics.js';
import { NumberService } from '../../../connector/src/services/number-service.js';
import { TenantPolicy } from '../../../connector/src/services/tenant-policy.js';
import { SqliteStore } from '../../../connector/src/store/sqlite-store.js';

/** A long enough admin token (the configuration asks for at least 32 characters). */
export const CONSOLE_ADMIN_TOKEN = 'console-admin-token-for-browser-tests-0123456789';

export interface ConsoleConnectorOptions {
  /** The admin API's bootstrap token; {@link CONSOLE_ADMIN_TOKEN} when left out, null for none. */
  readonly adminToken?: string | null;
  /** The store behind the connector, seeded by the test; a fresh in-memory SqliteStore when left out (closed by `close`). */
  readonly store?: SqliteStore;
  /** The connector's clock where it takes one (the admin API); the real clock when left out. */
  readonly now?: () => number;
}

export interface ConsoleConnector {
  /** `http://127.0.0.1:<port>`; the console is at `${baseUrl}/admin/`. */
  readonly baseUrl: string;
  readonly store: SqliteStore;
  /** Stops the server, removes the console build and closes what this started (a given store is left open). */
  close(): Promise<void>;
}

/**
 * The real connector app (US dial plan, premium-rate and shared-cost numbers blocked, the tenant policy read from the
 * store as `main.ts` wires it) on the demo CRM in memory, listening on a free loopback port, serving a fresh build of
 * the admin console made into a temporary folder. For browser tests of the console.
 */
export async function startConsoleConnector(options: ConsoleConnectorOptions = {}): Promise<ConsoleConnector> {
  const consoleDir = path.join(os.tmpdir(), `admin-console-${process.pid}-${Date.now()}`);
  await buildConsole({ outDir: consoleDir });
  const store = options.store ?? SqliteStore.open(':memory:');
  const db = DemoCrmDb.open(':memory:');
  const crm = createDemoAdapter(db);
  const callPolicy = { allowedCountries: null, blockPremiumRate: true, blockSharedCost: true };
  const tenantPolicy = new TenantPolicy({ store, configured: { callPolicy, callLimits: NO_CALL_LIMITS } });
  const app = createApp({
    logger: createLogger('silent'),
    metrics: createMetrics({ collectProcessMetrics: false }),
    store,
    crm,
    numbers: new NumberService({
      crm,
      dialPlan: { sipDomain: 'pbx.demo.test', defaultRegion: 'US', userPhone: true, outboundPrefix: '', internalExtensionLength: { min: 2, max: 5 } },
      callPolicy,
      policySource: () => tenantPolicy.callPolicy(),
    }),
    tenantPolicy,
    bodyLimitBytes: 100 * 1024,
    demoCrm: null,
    isShuttingDown: () => false,
    adminToken: options.adminToken === undefined ? CONSOLE_ADMIN_TOKEN : options.adminToken,
    onCallsEnded: () => {},
    onReplay: () => {},
    consoleDir,
    ...(options.now ? { now: options.now } : {}),
  });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    store,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      db.close();
      if (!options.store) await store.close();
      rmSync(consoleDir, { recursive: true, force: true });
    },
  };
}
