import { getCountries } from 'libphonenumber-js/max';

/**
 * Names people type in Salesforce country fields that are not the English short name of the code, and ISO alpha-3
 * codes, which integrations often write.
 */
const ALIASES: Readonly<Record<string, string>> = {
  usa: 'US',
  'u.s.': 'US',
  'u.s.a.': 'US',
  'united states of america': 'US',
  america: 'US',
  uk: 'GB',
  'u.k.': 'GB',
  'great britain': 'GB',
  britain: 'GB',
  england: 'GB',
  scotland: 'GB',
  wales: 'GB',
  'northern ireland': 'GB',
  gbr: 'GB',
  deutschland: 'DE',
  deu: 'DE',
  fra: 'FR',
  can: 'CA',
  aus: 'AU',
  holland: 'NL',
  'the netherlands': 'NL',
  nld: 'NL',
  espana: 'ES',
  esp: 'ES',
  italia: 'IT',
  ita: 'IT',
  schweiz: 'CH',
  suisse: 'CH',
  che: 'CH',
  osterreich: 'AT',
  aut: 'AT',
  belgique: 'BE',
  belgie: 'BE',
  bel: 'BE',
  mex: 'MX',
  bra: 'BR',
  brasil: 'BR',
  ind: 'IN',
  jpn: 'JP',
  chn: 'CN',
  irl: 'IE',
  eire: 'IE',
  'korea, republic of': 'KR',
  'republic of korea': 'KR',
  'russian federation': 'RU',
  uae: 'AE',
};

let byName: ReadonlyMap<string, string> | null = null;

/** English names of every country with a phone numbering plan, built once from ICU. */
function namesToCodes(): ReadonlyMap<string, string> {
  if (byName) return byName;
  const names = new Map<string, string>();
  const display = new Intl.DisplayNames(['en'], { type: 'region' });
  for (const code of getCountries()) {
    const name = display.of(code);
    if (name && name !== code) names.set(normalise(name), code);
  }
  for (const [alias, code] of Object.entries(ALIASES)) names.set(alias, code);
  byName = names;
  return names;
}

function normalise(value: string): string {
  return value
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .trim()
    .replace(/\s+/g, ' ')
    .toLowerCase();
}

/**
 * An ISO 3166-1 alpha-2 code from a Salesforce address country, or null. Salesforce holds free text there unless
 * State and Country picklists are on (then it holds the picklist label, e.g. `United States`), so we accept a
 * two-letter code, an English country name, or a common alias/alpha-3 code. Anything else is null: the country is
 * only a hint for numbers stored without a country code, and a wrong hint is worse than none.
 */
export function countryCode(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const key = normalise(value);
  if (key === '') return null;
  const known = namesToCodes();
  const alias = known.get(key);
  if (alias) return alias;
  const upper = key.toUpperCase();
  return /^[A-Z]{2}$/.test(upper) && (getCountries() as readonly string[]).includes(upper) ? upper : null;
}
