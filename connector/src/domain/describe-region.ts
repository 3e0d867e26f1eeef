import { getCountryCallingCode } from 'libphonenumber-js/max';
import type { CountryCode } from 'libphonenumber-js';

const names = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'code' });

/**
 * Names a country for an agent, with its calling code: `Germany (+49)`.
 *
 * MUST NOT throw: a code the runtime cannot name is shown as the code itself.
 */
export function describeRegion(country: CountryCode): string {
  let name: string = country;
  try {
    name = names.of(country) ?? country;
  } catch {
    name = country;
  }
  try {
    return `${name} (+${getCountryCallingCode(country)})`;
  } catch {
    return name;
  }
}
