import type { CrmName } from '../crm-name.js';

/** HubSpot as the shared helpers name it in errors and logs. */
export const HUBSPOT: CrmName = { id: 'hubspot', label: 'HubSpot' };
