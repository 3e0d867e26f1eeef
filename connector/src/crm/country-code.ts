import { getCountries } from 'libphonenumber-js/max';

/** Other names a CRM's country fields hold, by normalised text (lower case, no accents), e.g. `{usa: 'US'}`. */
export type CountryAliases = Readonly<Record<string, string>>;

let byName: ReadonlyMap<string, string> | null = null;

/**
 * An ISO 3166-1 alpha-2 code from the text of a CRM country field, or null. Read, after trimming and ignoring case,
 * accents and repeated spaces: an entry of `aliases`, else the English name of a country with a phone numbering plan
 * (`United Kingdom`, `Côte d’Ivoire`, from ICU), else an alpha-2 code of such a country (`gb`). Anything else, and any
 * value that is not a string, is null: the country is only a hint for numbers stored without a country code, and a
 * wrong hint is worse than none.
 */
export function countryCode(value: unknown, aliases: CountryAliases = {}): string | null {
  if (typeof value !== 'string') return null;
  const key = normalise(value);
  if (key === '') return null;
  const named = Object.hasOwn(aliases, key) ? aliases[key] : namesToCodes().get(key);
  if (named) return named;
  const upper = key.toUpperCase();
  return /^[A-Z]{2}$/.test(upper) && (getCountries() as readonly string[]).includes(upper) ? upper : null;
}

/** English names of every country with a phone numbering plan, built once from ICU. */
function namesToCodes(): ReadonlyMap<string, string> {
  if (byName) return byName;
  const names = new Map<string, string>();
  const display = new Intl.DisplayNames(['en'], { type: 'region' });
  for (const code of getCountries()) {
    const name = display.of(code);
    if (name && name !== code) names.set(normalise(name), code);
  }
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
