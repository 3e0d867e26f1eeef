import assert from 'node:assert/strict';
import { countryCode } from '../../../connector/src/crm/country-code.js';
import { SALESFORCE_COUNTRY_ALIASES } from '../../../connector/src/crm/salesforce/salesforce-country-aliases.js';

/** What people and integrations write in Salesforce address countries besides ISO codes and English names. */
const TYPED: ReadonlyArray<readonly [string, string]> = [
  ['UK', 'GB'],
  ['USA', 'US'],
  ['U.S.A.', 'US'],
  ['Deutschland', 'DE'],
  ['DEU', 'DE'],
  ['España', 'ES'],
  ['Österreich', 'AT'],
  ['Korea, Republic of', 'KR'],
];

describe('Salesforce country aliases', () => {
  it('read common alternative names and ISO alpha-3 codes as alpha-2', () => {
    for (const [value, expected] of TYPED) assert.equal(countryCode(value, SALESFORCE_COUNTRY_ALIASES), expected, value);
  });

  it('leave ISO codes, English names and unknown text as they read without aliases', () => {
    for (const value of ['US', 'gb', ' United States ', 'United Kingdom', 'Côte d’Ivoire', 'XX', 'Atlantis', 'EU', '']) {
      assert.equal(countryCode(value, SALESFORCE_COUNTRY_ALIASES), countryCode(value), value);
    }
  });

  it('are keyed by normalised text, so every alias can match', () => {
    for (const key of Object.keys(SALESFORCE_COUNTRY_ALIASES)) {
      assert.equal(key, key.normalize('NFD').replace(/\p{Diacritic}/gu, '').trim().replace(/\s+/g, ' ').toLowerCase(), key);
    }
  });
});
