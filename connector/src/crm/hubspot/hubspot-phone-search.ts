import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { CrmPhoneField, CrmRecord } from '../crm-record.js';
import { storedNumberMatches } from '../phone-match.js';

/** At most this many records per object come back from a reverse lookup; more means the number is not a useful key. */
export const SEARCH_LIMIT = 20;

/**
 * The body of `POST /crm/v3/objects/contacts/search` for a number, or null when the number cannot be searched
 * (`e164` not `+` and 4 to 15 digits, or `nationalDigits` not 4 to 15 digits).
 *
 * HubSpot stores phone properties as typed text, so an `EQ` on `phone` only finds numbers typed in E.164. HubSpot
 * also keeps calculated copies: `hs_searchable_calculated_phone_number` and `hs_searchable_calculated_mobile_number`
 * hold the number's digits without formatting and without the country code, which is what `nationalDigits` is. The
 * filter groups are ORed; hits are over-inclusive (the same national digits in another country) and are confirmed
 * by `matchingPhone`. Four groups stay under HubSpot's limit of five.
 */
export function contactSearch(number: SearchedNumber, properties: readonly string[]): object | null {
  if (!searchable(number)) return null;
  const eq = (propertyName: string, value: string) => ({ filters: [{ propertyName, operator: 'EQ', value }] });
  return {
    filterGroups: [
      eq('hs_searchable_calculated_phone_number', number.nationalDigits),
      eq('hs_searchable_calculated_mobile_number', number.nationalDigits),
      eq('phone', number.e164),
      eq('mobilephone', number.e164),
    ],
    properties,
    limit: SEARCH_LIMIT,
  };
}

/**
 * The body of `POST /crm/v3/objects/companies/search`, or null (as above). Companies have no calculated searchable
 * phone copy, so this uses the full-text `query`, which searches a company's default searchable properties (name,
 * domain, website, phone) for the national digits; hits are confirmed by `matchingPhone` like contacts.
 */
export function companySearch(number: SearchedNumber, properties: readonly string[]): object | null {
  if (!searchable(number)) return null;
  return { query: number.nationalDigits, properties, limit: SEARCH_LIMIT };
}

/**
 * The first phone of `record` that is the number `e164`, compared as whole numbers with `storedNumberMatches`, or
 * null. A value written without a country code is read in the record's country, or, when the record has none, in
 * the country of `e164` itself (HubSpot found it by its national digits; that is the only reading left).
 */
export function matchingPhone(record: CrmRecord, e164: string): CrmPhoneField | null {
  const region = record.country ?? parsePhoneNumberFromString(e164)?.country ?? null;
  return record.phones.find((phone) => storedNumberMatches(phone.value, e164, region)) ?? null;
}

/** The searched number as the adapter receives it. */
export interface SearchedNumber {
  readonly e164: string;
  readonly nationalDigits: string;
}

function searchable(number: SearchedNumber): boolean {
  return /^\+[1-9][0-9]{3,14}$/.test(number.e164) && /^[0-9]{4,15}$/.test(number.nationalDigits);
}
