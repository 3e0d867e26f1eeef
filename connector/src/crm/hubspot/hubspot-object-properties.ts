import type { CrmObjectType } from '../crm-record.js';

/** A phone property of a HubSpot object and what an agent calls it. */
export interface HubSpotPhoneProperty {
  readonly property: string;
  readonly label: string;
}

/** How one HubSpot object maps onto a `CrmRecord`. */
export interface HubSpotObjectSpec {
  /** The path segment of `/crm/v3/objects/{objectPath}`. */
  readonly objectPath: 'contacts' | 'companies';
  /** Properties read for the name, in order: joined with a space; the first non-empty group wins. */
  readonly name: readonly (readonly string[])[];
  readonly company: string | null;
  /** ISO alpha-2 properties first (`hs_country_region_code`), then free-text country names. */
  readonly country: readonly string[];
  readonly phones: readonly HubSpotPhoneProperty[];
}

/**
 * Which HubSpot objects stand for the connector's object types. HubSpot has no Salesforce-style Lead with its own
 * phones: its `leads` object (0-136) is a sales-process record tied to a contact, so `Lead` maps to nothing and the
 * contact is the record to pop. Asking HubSpot for a property a portal does not have is harmless (it is left out of
 * the answer), so optional properties such as `hs_country_region_code` are always requested.
 */
export const OBJECT_SPECS: Readonly<Partial<Record<CrmObjectType, HubSpotObjectSpec>>> = {
  Contact: {
    objectPath: 'contacts',
    name: [['firstname', 'lastname'], ['email']],
    company: 'company',
    country: ['hs_country_region_code', 'country'],
    phones: [
      { property: 'phone', label: 'Phone' },
      { property: 'mobilephone', label: 'Mobile' },
      { property: 'hs_whatsapp_phone_number', label: 'WhatsApp' },
    ],
  },
  Account: {
    objectPath: 'companies',
    name: [['name'], ['domain']],
    company: null,
    country: ['country'],
    phones: [{ property: 'phone', label: 'Phone' }],
  },
};

/**
 * The properties to request for `spec`, plus the portal's do-not-call property for contacts when one is configured
 * (HubSpot has no standard do-not-call flag on contacts; see `HubSpotSettings.doNotCallProperty`).
 */
export function propertiesOf(spec: HubSpotObjectSpec, doNotCallProperty: string | null): string[] {
  const names = [
    ...spec.name.flat(),
    ...(spec.company === null ? [] : [spec.company]),
    ...spec.country,
    ...spec.phones.map((p) => p.property),
    ...(spec.objectPath === 'contacts' && doNotCallProperty !== null ? [doNotCallProperty] : []),
  ];
  return [...new Set(names)];
}

/** HubSpot record ids are positive integers, sent as strings; checked before any request so nothing else reaches a URL. */
export function isHubSpotId(id: string): boolean {
  return /^[1-9][0-9]{0,19}$/.test(id);
}
