import type { CrmName } from '../crm-name.js';

/** Salesforce as the shared helpers name it in errors and logs. */
export const SALESFORCE: CrmName = { id: 'salesforce', label: 'Salesforce' };
