import { isSupportedCountry } from 'libphonenumber-js/max';
import type { CountryCode } from 'libphonenumber-js';

/**
 * Chooses the region assumed for a number written without a country code.
 *
 * The record's own country wins when it is a known ISO 3166-1 alpha-2 code in any letter case (`gb`, ` GB `);
 * anything else there (junk, `001`, a country name, a non-string) is ignored and the plan's default is used. The
 * caller MUST have checked that the default is a known region (`findDialPlanFault`).
 */
export function pickRegion(recordRegion: unknown, defaultRegion: CountryCode): CountryCode {
  if (typeof recordRegion === 'string') {
    const candidate = recordRegion.trim().toUpperCase();
    if (/^[A-Z]{2}$/.test(candidate) && isSupportedCountry(candidate)) {
      return candidate;
    }
  }
  return defaultRegion;
}
