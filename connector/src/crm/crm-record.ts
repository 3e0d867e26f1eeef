/** The CRM objects a number can belong to. Names follow Salesforce's; other CRMs map theirs onto these. */
export const CRM_OBJECT_TYPES = ['Contact', 'Lead', 'Account'] as const;
export type CrmObjectType = (typeof CRM_OBJECT_TYPES)[number];

/** One phone field of a record, as the CRM holds it (unnormalised: that is the resolver's job). */
export interface CrmPhoneField {
  /** The CRM's field name, e.g. `MobilePhone`. */
  readonly field: string;
  /** What an agent calls the field, e.g. `Mobile`. */
  readonly label: string;
  /** The raw value, e.g. `(415) 555-2671 x204`. */
  readonly value: string;
}

/** A record as every adapter returns it. */
export interface CrmRecord {
  readonly id: string;
  readonly objectType: CrmObjectType;
  /** Person or company name to show an agent. */
  readonly name: string;
  /** Company of a contact or lead, or null. */
  readonly company: string | null;
  /** ISO 3166-1 alpha-2 country from the record's address, when the CRM has one: a hint for national numbers. */
  readonly country: string | null;
  /** The record asked not to be called (Salesforce `DoNotCall`, HubSpot `hs_do_not_call`...). */
  readonly doNotCall: boolean;
  /** Non-empty phone fields only, in the CRM's display order. */
  readonly phones: readonly CrmPhoneField[];
}

/** A record that matched a reverse lookup, with the field whose number matched. */
export interface CrmMatch {
  readonly record: CrmRecord;
  readonly matchedField: string;
}
