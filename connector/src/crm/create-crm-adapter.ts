import path from 'node:path';
import type { Logger } from 'pino';
import type { Config } from '../config/config.js';
import { assertCrmAdapter, type CrmAdapter } from './crm-adapter.js';
import { createDemoAdapter } from './demo/demo-adapter.js';
import { DemoCrmDb } from './demo/demo-crm-db.js';
import { createHubSpotAdapter } from './hubspot/hubspot-adapter.js';
import { createSalesforceAdapter } from './salesforce/salesforce-adapter.js';

/** The configured CRM's adapter, checked for every verb; with the demo CRM, also its database for the demo pages. */
export function createCrmAdapter(config: Config, logger: Logger): { adapter: CrmAdapter; demoDb: DemoCrmDb | null } {
  let adapter: CrmAdapter;
  let demoDb: DemoCrmDb | null = null;
  switch (config.crm.kind) {
    case 'demo':
      demoDb = DemoCrmDb.open(path.join(config.dataDir, 'demo-crm.sqlite'));
      adapter = createDemoAdapter(demoDb);
      break;
    case 'salesforce':
      adapter = createSalesforceAdapter(config.crm.settings, { logger });
      break;
    case 'hubspot':
      adapter = createHubSpotAdapter(config.crm.settings, { logger });
      break;
  }
  assertCrmAdapter(adapter);
  return { adapter, demoDb };
}
