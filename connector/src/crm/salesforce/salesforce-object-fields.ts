import type { CrmObjectType } from '../crm-record.js';

/** A phone field of a Salesforce object and what an agent calls it. */
export interface SalesforcePhoneField {
  readonly field: string;
  readonly label: string;
}

/**
 * Which Salesforce fields make up a `CrmRecord`, per object. Country comes from the address's text field
 * (`MailingCountry`, `Country`, `BillingCountry`), never from `*CountryCode`: those exist only in orgs with State and
 * Country picklists enabled, and asking for a field that does not exist fails the whole query with `INVALID_FIELD`.
 * `countryCode` (`../country-code.ts`, with `SALESFORCE_COUNTRY_ALIASES`) turns the text into ISO alpha-2.
 */
export interface SalesforceObjectFields {
  /** `null` when the object has no company (Account is the company). `Account.Name` is a relationship path. */
  readonly company: string | null;
  readonly country: string;
  /** `null` when the object has no such flag (Account). */
  readonly doNotCall: string | null;
  /** In the order agents see them in the Salesforce layout. */
  readonly phones: readonly SalesforcePhoneField[];
}

export const OBJECT_FIELDS: Readonly<Record<CrmObjectType, SalesforceObjectFields>> = {
  Contact: {
    company: 'Account.Name',
    country: 'MailingCountry',
    doNotCall: 'DoNotCall',
    phones: [
      { field: 'Phone', label: 'Phone' },
      { field: 'MobilePhone', label: 'Mobile' },
      { field: 'HomePhone', label: 'Home' },
      { field: 'OtherPhone', label: 'Other' },
      { field: 'AssistantPhone', label: 'Assistant' },
    ],
  },
  Lead: {
    company: 'Company',
    country: 'Country',
    doNotCall: 'DoNotCall',
    phones: [
      { field: 'Phone', label: 'Phone' },
      { field: 'MobilePhone', label: 'Mobile' },
    ],
  },
  Account: {
    company: null,
    country: 'BillingCountry',
    doNotCall: null,
    phones: [{ field: 'Phone', label: 'Phone' }],
  },
};

/** The field list to SELECT (SOQL) or RETURN (SOSL) for `objectType`, starting with `Id, Name`. */
export function selectList(objectType: CrmObjectType): string {
  const spec = OBJECT_FIELDS[objectType];
  const fields = ['Id', 'Name', spec.company, spec.country, spec.doNotCall, ...spec.phones.map((p) => p.field)];
  return fields.filter((field): field is string => field !== null).join(', ');
}
