import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

/**
 * Whether a phone value as a CRM stores it (`020 7946 0958`, `+1 (415) 555-2671 x204`) is the number `e164`.
 * Numbers are compared after normalisation, never as substrings, so `555-2671` does not match `+14155552671`.
 * `region` is the record's country, used for values written without a country code.
 */
export function storedNumberMatches(stored: string, e164: string, region: string | null): boolean {
  const hint = region && /^[A-Z]{2}$/.test(region) ? (region as CountryCode) : undefined;
  const parsed = parsePhoneNumberFromString(stored, hint ? { defaultCountry: hint } : undefined);
  return parsed !== undefined && parsed.number === e164;
}
