import { randomBytes } from 'node:crypto';
import type { Express } from 'express';
import { SessionTokens } from '../../../connector/src/auth/session-tokens.js';
import { createDemoAdapter } from '../../../connector/src/crm/demo/demo-adapter.js';
import { DemoCrmDb } from '../../../connector/src/crm/demo/demo-crm-db.js';
import { createApp } from '../../../connector/src/http/app.js';
import { createLogger } from '../../../connector/src/observability/logger.js';
import { createMetrics } from '../../../connector/src/observability/metrics.js';
import type { SecretBox } from '../../../connector/src/secrets/secret-box.js';
import { NumberService } from '../../../connector/src/services/number-service.js';
import { SqliteStore } from '../../../connector/src/store/sqlite-store.js';
import { SOFTPHONE } from '../../http/sip-test-kit.js';
import { CALL_POLICY, DIAL_PLAN } from '../../http/test-app.js';
import { ADMIN_TOKEN } from './security-rig.js';

export interface FileBackedApp {
  readonly app: Express;
  readonly store: SqliteStore;
  /** Closes the store (SQLite checkpoints its WAL into the file) and the demo CRM. */
  close(): Promise<void>;
}

/**
 * The connector app on a SQLite store kept in `file`, as `main.ts` runs it (WAL mode), with `box` sealing SIP
 * passwords and the rig's admin token: what lands on disk is what a stolen disk or backup would hold.
 */
export function fileBackedApp(file: string, box: SecretBox): FileBackedApp {
  const store = SqliteStore.open(file);
  const demo = DemoCrmDb.open(':memory:');
  const crm = createDemoAdapter(demo);
  const metrics = createMetrics({ collectProcessMetrics: false });
  const app = createApp({
    logger: createLogger('silent'),
    metrics,
    store,
    crm,
    numbers: new NumberService({ crm, dialPlan: DIAL_PLAN, callPolicy: CALL_POLICY }),
    bodyLimitBytes: 100 * 1024,
    demoCrm: null,
    isShuttingDown: () => false,
    adminToken: ADMIN_TOKEN,
    onCallsEnded: () => {},
    onReplay: () => {},
    secretBox: box,
    softphone: SOFTPHONE,
    sessionTokens: new SessionTokens({ keys: { current: randomBytes(32), previous: [] }, ttlS: 900, maxAgeS: 43_200 }),
  });
  return {
    app,
    store,
    close: async () => {
      await store.close();
      demo.close();
    },
  };
}
