import type { CrmPhoneField, CrmRecord } from '../crm-record.js';
import { storedNumberMatches } from '../phone-match.js';

/**
 * The first phone field of `record` that holds the number, or null. SOSL phone search is fuzzy (it finds numbers
 * that merely contain the digits), so every hit is checked here, comparing whole numbers, never substrings:
 * - parsed with libphonenumber, using the record's country for values written without a country code; or
 * - as digits (extension dropped) equal to the E.164 digits, with a `00`/`011` international prefix or without, or
 *   to the national digits (`(415) 555-2671` is `+14155552671`); when the record has no country, also to the
 *   national digits behind a `0` trunk prefix (`020 7946 0958` is `+442079460958`).
 */
export function matchingPhone(
  record: CrmRecord,
  number: { readonly e164: string; readonly nationalDigits: string },
): CrmPhoneField | null {
  const international = number.e164.replace(/^\+/, '');
  const accepted = new Set([international, `00${international}`, `011${international}`, number.nationalDigits]);
  if (record.country === null) accepted.add(`0${number.nationalDigits}`);
  return (
    record.phones.find(
      (phone) => storedNumberMatches(phone.value, number.e164, record.country) || accepted.has(digitsOf(phone.value)),
    ) ?? null
  );
}

/** The digits of a stored value without its extension (`x204`, `ext. 204`, `#204`). */
function digitsOf(value: string): string {
  const withoutExtension = value.split(/\s*(?:extension|ext\.?|x|#)\s*\d/i)[0] ?? '';
  return withoutExtension.replace(/\D/g, '');
}
