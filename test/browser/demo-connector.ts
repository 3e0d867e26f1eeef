import type { AddressInfo, Server } from 'node:net';
import type { CrmAdapter } from '../../connector/src/crm/crm-adapter.js';
import type { DemoCrmDb } from '../../connector/src/crm/demo/demo-crm-db.js';
import { createApp } from '../../connector/src/http/app.js';
import { createLogger } from '../../connector/src/observability/logger.js';
import { createMetrics } from '../../connector/src/observability/metrics.js';
import { NumberService } from '../../connector/src/services/number-service.js';
import type { SqliteStore } from '../../connector/src/store/sqlite-store.js';

/**
 * The connector on the demo CRM, listening on a free loopback port as `npm start` runs it (US dial plan, premium and
 * shared-cost numbers blocked), serving the widget built into `widgetDir`. Browser tests open its pages.
 */
export async function startDemoConnector(args: {
  readonly db: DemoCrmDb;
  readonly store: SqliteStore;
  readonly crm: CrmAdapter;
  readonly adminToken: string | null;
  readonly widgetDir: string;
}): Promise<{ readonly server: Server; readonly baseUrl: string }> {
  const app = createApp({
    logger: createLogger('silent'),
    metrics: createMetrics({ collectProcessMetrics: false }),
    store: args.store,
    crm: args.crm,
    numbers: new NumberService({
      crm: args.crm,
      dialPlan: { sipDomain: 'pbx.demo.test', defaultRegion: 'US', userPhone: true, outboundPrefix: '', internalExtensionLength: { min: 2, max: 5 } },
      callPolicy: { allowedCountries: null, blockPremiumRate: true, blockSharedCost: true },
    }),
    bodyLimitBytes: 100 * 1024,
    demoCrm: args.db,
    isShuttingDown: () => false,
    adminToken: args.adminToken,
    onCallsEnded: () => {},
    onReplay: () => {},
    widgetDir: args.widgetDir,
  });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return { server, baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}
