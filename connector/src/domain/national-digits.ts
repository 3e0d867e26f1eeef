import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/**
 * The significant national digits of an E.164 number (`+442079460958` -> `2079460958`), which is how CRMs that
 * search stored text find numbers written in national format. Null when `e164` is not an E.164 number.
 */
export function nationalDigits(e164: string): string | null {
  if (!/^\+[1-9][0-9]{6,14}$/.test(e164)) return null;
  return parsePhoneNumberFromString(e164)?.nationalNumber ?? null;
}
