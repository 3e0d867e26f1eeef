import assert from 'node:assert/strict';
import type { CrmRecord } from '../../../connector/src/crm/crm-record.js';
import { matchingPhone } from '../../../connector/src/crm/salesforce/salesforce-phone-match.js';

const US = { e164: '+14155552671', nationalDigits: '4155552671' };
const UK = { e164: '+442079460958', nationalDigits: '2079460958' };

function record(value: string, country: string | null = null): CrmRecord {
  return {
    id: '003xx000004TmiQAAS',
    objectType: 'Contact',
    name: 'Ada Lovelace',
    company: null,
    country,
    doNotCall: false,
    phones: [{ field: 'Phone', label: 'Phone', value }],
  };
}

describe('Salesforce phone match', () => {
  for (const [value, country] of [
    ['(415) 555-2671', null],
    ['415.555.2671', 'US'],
    ['+1 (415) 555-2671', null],
    ['1-415-555-2671', null],
    ['011 1 415 555 2671', null],
    ['(415) 555-2671 x204', null],
    ['415-555-2671 ext. 12', null],
    ['415 555 2671 #9', null],
  ] as const) {
    it(`matches ${JSON.stringify(value)} (country ${country}) to ${US.e164}`, () => {
      assert.equal(matchingPhone(record(value, country), US)?.field, 'Phone');
    });
  }

  for (const [value, country] of [
    ['555-2671', null],
    ['4155552671999', null],
    ['+1 415 555 2672', null],
    ['+44 415 555 2671', null],
    ['04155552671', 'GB'],
    ['', null],
  ] as const) {
    it(`does not match ${JSON.stringify(value)} (country ${country}) to ${US.e164}`, () => {
      assert.equal(matchingPhone(record(value, country), US), null);
    });
  }

  it('matches a national number with a trunk prefix by the record country', () => {
    assert.equal(matchingPhone(record('020 7946 0958', 'GB'), UK)?.field, 'Phone');
  });

  it('matches a national number with a trunk prefix when the record has no country', () => {
    assert.equal(matchingPhone(record('020 7946 0958'), UK)?.field, 'Phone');
  });

  it('does not match the same digits in a country whose number it is not', () => {
    assert.equal(matchingPhone(record('020 7946 0958', 'DE'), UK), null);
  });

  it('returns the first matching field in display order', () => {
    const both: CrmRecord = {
      ...record('+1 650 555 0000'),
      phones: [
        { field: 'Phone', label: 'Phone', value: '+1 650 555 0000' },
        { field: 'MobilePhone', label: 'Mobile', value: '415 555 2671' },
        { field: 'HomePhone', label: 'Home', value: '+14155552671' },
      ],
    };
    assert.equal(matchingPhone(both, US)?.field, 'MobilePhone');
  });
});
