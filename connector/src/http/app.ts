import express, { type Express } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import type { CrmAdapter } from '../crm/crm-adapter.js';
import type { DemoCrmDb } from '../crm/demo/demo-crm-db.js';
import type { Metrics } from '../observability/metrics.js';
import type { NumberService } from '../services/number-service.js';
import type { Store } from '../store/store.js';
import { adminRoutes } from './admin-routes.js';
import { callRoutes } from './call-routes.js';
import { demoCrmSite } from './demo-crm-site.js';
import { errorHandler, notFound } from './error-handler.js';
import { healthRoutes } from './health-routes.js';
import { numberRoutes } from './number-routes.js';
import { requestObserver } from './request-observer.js';
import { requireJson } from './require-json.js';

export interface AppDeps {
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly store: Store;
  readonly crm: CrmAdapter;
  readonly numbers: NumberService;
  readonly bodyLimitBytes: number;
  /** The demo CRM's pages, served at `/` when the connector runs on the demo CRM. */
  readonly demoCrm: DemoCrmDb | null;
  readonly isShuttingDown: () => boolean;
  /** The admin API's bearer token; null closes the admin API. */
  readonly adminToken: string | null;
  /** Called with the number of calls that just ended, so the outbox can send a full batch at once. */
  readonly onCallsEnded: (count: number) => void;
  /** Called when an admin replays a dead letter. */
  readonly onReplay: () => void;
}

/** Builds the Express app without listening, so tests can inject requests into a fresh app each. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');
  app.use(helmet());
  app.use(requestObserver(deps.logger, deps.metrics.httpRequests));
  app.use(healthRoutes({ store: deps.store, crm: deps.crm, registry: deps.metrics.registry, isShuttingDown: deps.isShuttingDown }));

  const api = express.Router();
  api.use(requireJson);
  api.use(express.json({ limit: deps.bodyLimitBytes, strict: true }));
  api.use(numberRoutes(deps.numbers));
  api.use(callRoutes({ store: deps.store, onEnded: deps.onCallsEnded }));
  api.use('/admin', adminRoutes({ store: deps.store, adminToken: deps.adminToken, onReplay: deps.onReplay }));
  api.use(notFound);
  app.use('/api/v1', api);

  if (deps.demoCrm) app.use(demoCrmSite(deps.demoCrm));
  app.use(notFound);
  app.use(errorHandler(deps.logger));
  return app;
}
