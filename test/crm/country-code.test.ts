import assert from 'node:assert/strict';
import { countryCode } from '../../connector/src/crm/country-code.js';

describe('CRM country text to ISO alpha-2', () => {
  for (const [value, expected] of [
    ['US', 'US'],
    ['gb', 'GB'],
    [' United States ', 'US'],
    ['United Kingdom', 'GB'],
    ['UNITED   KINGDOM', 'GB'],
    ['Germany', 'DE'],
    ['france', 'FR'],
    ['Côte d’Ivoire', 'CI'],
    ['cote d’ivoire', 'CI'],
  ] as const) {
    it(`reads ${JSON.stringify(value)} as ${expected}, by ISO code or English name`, () => {
      assert.equal(countryCode(value), expected);
    });
  }

  for (const value of [null, undefined, '', '   ', 'XX', 'UK', 'USA', 'Atlantis', 'EU', 'constructor', 42]) {
    it(`gives null for ${JSON.stringify(value)} without an alias`, () => {
      assert.equal(countryCode(value), null);
    });
  }

  const aliases = { usa: 'US', 'u.k.': 'GB', deutschland: 'DE', 'korea, republic of': 'KR' };
  for (const [value, expected] of [
    ['USA', 'US'],
    [' U.K. ', 'GB'],
    ['DEUTSCHLAND', 'DE'],
    ['Korea, Republic of', 'KR'],
    ['Germany', 'DE'],
    ['fr', 'FR'],
  ] as const) {
    it(`reads ${JSON.stringify(value)} as ${expected} with the CRM's aliases, ignoring case and spaces`, () => {
      assert.equal(countryCode(value, aliases), expected);
    });
  }

  it('reads only the aliases it is given, never properties every object has', () => {
    assert.equal(countryCode('toString', aliases), null);
    assert.equal(countryCode('uk', aliases), null);
  });
});
