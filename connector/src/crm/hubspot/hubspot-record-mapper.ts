import { countryCode, type CountryAliases } from '../country-code.js';
import { CrmError } from '../crm-error.js';
import type { CrmObjectType, CrmPhoneField, CrmRecord } from '../crm-record.js';
import type { HubSpotObjectSpec } from './hubspot-object-properties.js';

/**
 * Country names HubSpot users type that are not the English short name of a country. Besides these, a country value is
 * read as an English name or an alpha-2 code (`hs_country_region_code` holds one); `UK` is not a code, so it gives null.
 */
const COUNTRY_ALIASES: CountryAliases = { usa: 'US', 'united states of america': 'US', 'great britain': 'GB' };

/**
 * Turns one HubSpot object (`{id, properties: {...}, createdAt, updatedAt, archived}`, property values are strings or
 * null) into a `CrmRecord`. Promises: phones are the non-blank phone properties in `spec` order; the name is the first
 * non-empty name group, else `#<id>`; `doNotCall` is true only when the configured property holds `true`; a missing
 * company or country is null. An object without a numeric `id` or `properties` object is `bad-response`.
 */
export function toCrmRecord(
  raw: unknown,
  objectType: CrmObjectType,
  spec: HubSpotObjectSpec,
  doNotCallProperty: string | null,
): CrmRecord {
  const object = raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>) : null;
  const id = object?.id;
  const properties = object?.properties;
  if (typeof id !== 'string' || !/^\d+$/.test(id)) throw malformed('has no numeric id');
  if (properties === null || typeof properties !== 'object') throw malformed('has no properties');
  const value = (name: string): string | null => {
    const v = (properties as Record<string, unknown>)[name];
    if (v === null || v === undefined) return null;
    if (typeof v !== 'string') throw malformed(`has a ${name} that is not text`);
    return v.trim() === '' ? null : v;
  };
  const name = spec.name
    .map((group) => group.map(value).filter((part): part is string => part !== null).join(' '))
    .find((joined) => joined !== '');
  const country = spec.country.map((p) => countryCode(value(p), COUNTRY_ALIASES)).find((code) => code !== null) ?? null;
  return {
    id,
    objectType,
    name: name ?? `#${id}`,
    company: spec.company === null ? null : value(spec.company),
    country,
    doNotCall: doNotCallProperty !== null && spec.objectPath === 'contacts' && value(doNotCallProperty)?.toLowerCase() === 'true',
    phones: spec.phones.flatMap(({ property, label }): CrmPhoneField[] => {
      const phone = value(property);
      return phone === null ? [] : [{ field: property, label, value: phone }];
    }),
  };
}

function malformed(what: string): CrmError {
  return new CrmError('bad-response', `A HubSpot record ${what}`, { crm: 'hubspot' });
}
