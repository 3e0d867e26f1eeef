import assert from 'node:assert/strict';
import { countryCode } from '../../../connector/src/crm/salesforce/salesforce-country.js';

describe('Salesforce country text to ISO alpha-2', () => {
  for (const [value, expected] of [
    ['US', 'US'],
    ['gb', 'GB'],
    [' United States ', 'US'],
    ['United Kingdom', 'GB'],
    ['UK', 'GB'],
    ['USA', 'US'],
    ['Germany', 'DE'],
    ['Deutschland', 'DE'],
    ['España', 'ES'],
    ['france', 'FR'],
    ['Côte d’Ivoire', 'CI'],
    ['Korea, Republic of', 'KR'],
  ] as const) {
    it(`reads ${JSON.stringify(value)} as ${expected}`, () => {
      assert.equal(countryCode(value), expected);
    });
  }

  for (const value of [null, undefined, '', '   ', 'XX', 'Atlantis', 'EU', 42]) {
    it(`gives null for ${JSON.stringify(value)}`, () => {
      assert.equal(countryCode(value), null);
    });
  }
});
