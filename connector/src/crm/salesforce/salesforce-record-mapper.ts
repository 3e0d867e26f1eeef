import { countryCode } from '../country-code.js';
import { CrmError } from '../crm-error.js';
import { CRM_OBJECT_TYPES, type CrmObjectType, type CrmPhoneField, type CrmRecord } from '../crm-record.js';
import { SALESFORCE_COUNTRY_ALIASES } from './salesforce-country-aliases.js';
import { OBJECT_FIELDS } from './salesforce-object-fields.js';

/** The object type named by a record's `attributes.type`, or null when it is not one we map. */
export function recordType(raw: unknown): CrmObjectType | null {
  const type = field(field(raw, 'attributes'), 'type');
  return CRM_OBJECT_TYPES.find((known) => known === type) ?? null;
}

/**
 * Turns one record of a query or search result (`{attributes: {type, url}, Id, Name, ...}`) into a `CrmRecord`.
 * Promises: phones are the non-blank phone fields in layout order with agent labels; a missing or null `DoNotCall`
 * is `false`; a missing company or country is null. A record that is not an object of `objectType`, or whose fields
 * have the wrong types, is `bad-response`: we asked for those fields, so their absence means we cannot trust the rest.
 */
export function toCrmRecord(raw: unknown, objectType: CrmObjectType): CrmRecord {
  if (recordType(raw) !== objectType) throw malformed(`is not a ${objectType}`);
  const spec = OBJECT_FIELDS[objectType];
  const id = field(raw, 'Id');
  const name = field(raw, 'Name');
  if (typeof id !== 'string' || id === '') throw malformed('has no Id');
  if (typeof name !== 'string') throw malformed('has no Name');
  return {
    id,
    objectType,
    name,
    company: spec.company === null ? null : optionalText(path(raw, spec.company), spec.company),
    country: countryCode(optionalText(field(raw, spec.country), spec.country), SALESFORCE_COUNTRY_ALIASES),
    doNotCall: spec.doNotCall === null ? false : flag(field(raw, spec.doNotCall), spec.doNotCall),
    phones: spec.phones.flatMap(({ field: name, label }): CrmPhoneField[] => {
      const value = optionalText(field(raw, name), name);
      return value === null || value.trim() === '' ? [] : [{ field: name, label, value }];
    }),
  };
}

function field(value: unknown, key: string): unknown {
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
}

/** Follows a relationship path such as `Account.Name`; a null relationship (no account) gives undefined. */
function path(value: unknown, dotted: string): unknown {
  return dotted.split('.').reduce<unknown>((current, key) => field(current, key), value);
}

function optionalText(value: unknown, name: string): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'string') throw malformed(`has a ${name} that is not text`);
  return value === '' ? null : value;
}

function flag(value: unknown, name: string): boolean {
  if (value === null || value === undefined) return false;
  if (typeof value !== 'boolean') throw malformed(`has a ${name} that is not a boolean`);
  return value;
}

function malformed(what: string): CrmError {
  return new CrmError('bad-response', `A Salesforce record ${what}`, { crm: 'salesforce' });
}
