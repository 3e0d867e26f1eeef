import { randomBytes } from 'node:crypto';
import express, { type Express } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import type { CrmAdapter } from '../crm/crm-adapter.js';
import type { DemoCrmDb } from '../crm/demo/demo-crm-db.js';
import type { Metrics } from '../observability/metrics.js';
import { WIDGET_DIST_DIR } from '../paths.js';
import { SecretBox } from '../secrets/secret-box.js';
import { AgentSipAccounts } from '../services/agent-sip-accounts.js';
import type { NumberService } from '../services/number-service.js';
import { DEFAULT_SOFTPHONE_SETTINGS, type SoftphoneSettings } from '../services/softphone-settings.js';
import type { Store } from '../store/store.js';
import { adminRoutes } from './admin-routes.js';
import { agentSettingsRoutes } from './agent-settings-routes.js';
import { callBeaconRoutes } from './call-beacon-routes.js';
import { callRoutes } from './call-routes.js';
import { demoCrmSite } from './demo-crm-site.js';
import { errorHandler, notFound } from './error-handler.js';
import { healthRoutes } from './health-routes.js';
import { numberRoutes } from './number-routes.js';
import { requestObserver } from './request-observer.js';
import { requireJson } from './require-json.js';
import { softphonePagePolicy } from './softphone-page-policy.js';
import { recordNumbersCors, RECORD_NUMBERS } from './record-numbers-cors.js';
import { widgetSite } from './widget-site.js';

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
  /**
   * Seals agents' SIP passwords at rest. `main.ts` passes the one keyed by `SECRETS_KEY` or the key file; left out
   * (tests), a box with a random key is made, so what it sealed is readable only by this app.
   */
  readonly secretBox?: SecretBox;
  /** The tenant's softphone settings; the configuration's defaults when left out. */
  readonly softphone?: SoftphoneSettings;
  /** Where the built widget is; `dist/widget` when left out. */
  readonly widgetDir?: string;
  /** The widget page may load Open CTI from a loopback Salesforce stand-in (`Config.loopbackSalesforce`). */
  readonly loopbackSalesforce?: boolean;
  /** Origins whose pages may read `/records/{type}/{id}/numbers` cross-origin (`CORS_ORIGINS`); none when left out. */
  readonly corsOrigins?: readonly string[];
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

  const sipAccounts = new AgentSipAccounts({
    store: deps.store,
    box: deps.secretBox ?? new SecretBox(randomBytes(32)),
    softphone: deps.softphone ?? DEFAULT_SOFTPHONE_SETTINGS,
  });
  const intake = { store: deps.store, onEnded: deps.onCallsEnded };

  const api = express.Router();
  // Before the JSON-only guard: the one route that takes text/plain (navigator.sendBeacon cannot send JSON cross-origin).
  api.use(callBeaconRoutes({ ...intake, bodyLimitBytes: deps.bodyLimitBytes }));
  api.use(requireJson);
  api.use(express.json({ limit: deps.bodyLimitBytes, strict: true }));
  api.use(RECORD_NUMBERS, recordNumbersCors(deps.corsOrigins ?? []));
  api.use(numberRoutes(deps.numbers));
  api.use(callRoutes(intake));
  api.use(agentSettingsRoutes({ store: deps.store, sipAccounts }));
  api.use('/admin', adminRoutes({ store: deps.store, sipAccounts, adminToken: deps.adminToken, onReplay: deps.onReplay }));
  api.use(notFound);
  app.use('/api/v1', api);

  app.use('/widget', widgetSite(deps.widgetDir ?? WIDGET_DIST_DIR, { loopbackSalesforce: deps.loopbackSalesforce ?? false }));
  // The demo CRM's pages embed the softphone with one script tag, so they need its WebSocket and audio allowances.
  if (deps.demoCrm) app.use(softphonePagePolicy({ framedByCrm: false }), demoCrmSite(deps.demoCrm));
  app.use(notFound);
  app.use(errorHandler(deps.logger));
  return app;
}
