import { getCountries } from 'libphonenumber-js/max';

let codes: ReadonlySet<string> | null = null;
let names: ReadonlyMap<string, string> | null = null;

/**
 * An ISO 3166-1 alpha-2 code from a HubSpot country value, or null: an alpha-2 code (`hs_country_region_code`, or a
 * code typed into `country`) or an English country name (`United Kingdom`), compared without case or accents. Other
 * spellings give null: a missing hint only means national numbers are matched on their digits.
 */
export function countryCode(value: string | null): string | null {
  if (value === null) return null;
  const trimmed = value.trim();
  if (/^[A-Za-z]{2}$/.test(trimmed)) {
    const upper = trimmed.toUpperCase();
    return knownCodes().has(upper) ? upper : null;
  }
  return englishNames().get(normalise(trimmed)) ?? null;
}

function knownCodes(): ReadonlySet<string> {
  codes ??= new Set(getCountries());
  return codes;
}

function englishNames(): ReadonlyMap<string, string> {
  if (names) return names;
  const map = new Map<string, string>();
  const display = new Intl.DisplayNames(['en'], { type: 'region' });
  for (const code of knownCodes()) {
    const name = display.of(code);
    if (name && name !== code) map.set(normalise(name), code);
  }
  for (const [alias, code] of [['usa', 'US'], ['united states of america', 'US'], ['uk', 'GB'], ['great britain', 'GB']] as const) {
    map.set(alias, code);
  }
  names = map;
  return map;
}

function normalise(text: string): string {
  return text.normalize('NFD').replace(/\p{Diacritic}/gu, '').replace(/\s+/g, ' ').toLowerCase();
}
