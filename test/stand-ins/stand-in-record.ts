/** The objects the stand-in holds records of: those the connector looks up. */
export const STAND_IN_OBJECT_TYPES = ['Contact', 'Lead', 'Account'] as const;
export type StandInObjectType = (typeof STAND_IN_OBJECT_TYPES)[number];

/**
 * One seeded record, with Salesforce's field names: `{ type: 'Contact', Id: '003...', Name: 'Ada Lovelace',
 * Phone: '020 7946 0958', MailingCountry: 'United Kingdom', AccountId: '001...' }`. `type` names the object and is
 * not a field. A field left out reads as null (a checkbox as false), as Salesforce answers for an empty field.
 */
export interface StandInRecord {
  readonly type: StandInObjectType;
  readonly Id: string;
  readonly Name: string;
  readonly [field: string]: string | number | boolean | null;
}

/** The org the stand-in answers from: its records and the API version its answers' `url`s name. */
export interface StandInOrg {
  readonly apiVersion: string;
  readonly records: readonly StandInRecord[];
}

/**
 * The standard fields of each object the stand-in knows (besides those seeded records carry), so a query naming a
 * field the object does not have fails with `INVALID_FIELD`, as it does in a real org.
 */
const STANDARD_FIELDS: Readonly<Record<StandInObjectType, readonly string[]>> = {
  Contact: ['Id', 'Name', 'FirstName', 'LastName', 'Email', 'Title', 'AccountId', 'OwnerId', 'MailingCountry', 'DoNotCall', 'Phone', 'MobilePhone', 'HomePhone', 'OtherPhone', 'AssistantPhone', 'Fax'],
  Lead: ['Id', 'Name', 'FirstName', 'LastName', 'Email', 'Title', 'Company', 'OwnerId', 'Country', 'DoNotCall', 'IsConverted', 'Phone', 'MobilePhone', 'Fax'],
  Account: ['Id', 'Name', 'OwnerId', 'BillingCountry', 'Phone', 'Fax'],
};

/** The fields of type phone, which `IN PHONE FIELDS` searches whether or not the search returns them. */
export const PHONE_FIELDS: Readonly<Record<StandInObjectType, readonly string[]>> = {
  Contact: ['Phone', 'MobilePhone', 'HomePhone', 'OtherPhone', 'AssistantPhone', 'Fax'],
  Lead: ['Phone', 'MobilePhone', 'Fax'],
  Account: ['Phone', 'Fax'],
};

/** Checkbox fields are never null in Salesforce: unset is false. */
const CHECKBOX_FIELDS = new Set(['DoNotCall', 'IsConverted']);

/** A lookup that a field path can follow (`Account.Name`): the field holding the id and the object it names. */
export interface StandInRelationship {
  readonly idField: string;
  readonly objectType: StandInObjectType;
}

/** Relationships by object and relationship name. */
export const RELATIONSHIPS: Readonly<Record<StandInObjectType, Readonly<Record<string, StandInRelationship>>>> = {
  Contact: { Account: { idField: 'AccountId', objectType: 'Account' } },
  Lead: {},
  Account: {},
};

export function isObjectType(name: string): name is StandInObjectType {
  return (STAND_IN_OBJECT_TYPES as readonly string[]).includes(name);
}

/** Whether `objectType` has `field`, by Salesforce's schema or because a seeded record of that type carries it. */
export function hasField(org: StandInOrg, objectType: StandInObjectType, field: string): boolean {
  const known = (name: string) => name.toLowerCase() === field.toLowerCase();
  return (
    STANDARD_FIELDS[objectType].some(known) ||
    org.records.some((record) => record.type === objectType && Object.keys(record).some((name) => name !== 'type' && known(name)))
  );
}

/** The value of `field` (named in any case, as SOQL allows), null when unset, false for an unset checkbox. */
export function fieldValue(record: StandInRecord, field: string): string | number | boolean | null {
  const name = Object.keys(record).find((key) => key !== 'type' && key.toLowerCase() === field.toLowerCase());
  const value = name === undefined ? undefined : record[name];
  if (value !== undefined && value !== null) return value;
  return [...CHECKBOX_FIELDS].some((checkbox) => checkbox.toLowerCase() === field.toLowerCase()) ? false : null;
}

/**
 * Whether two record ids name the same record: a 15-character id and the 18-character form of it (the same 15
 * case-sensitive characters plus a checksum suffix) are one record.
 */
export function sameRecordId(a: string, b: string): boolean {
  return a.slice(0, 15) === b.slice(0, 15);
}
