/**
 * How the shared helpers name the CRM an adapter talks to: `id` goes in `CrmError.details.crm` and log fields
 * (`hubspot`, as `CrmAdapter.name`), `label` in messages people read (`HubSpot`).
 */
export interface CrmName {
  readonly id: string;
  readonly label: string;
}
