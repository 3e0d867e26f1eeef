import assert from 'node:assert/strict';
import nock from 'nock';
import { createSalesforceAdapter } from '../../../connector/src/crm/salesforce/salesforce-adapter.js';
import { rejection, silentLogger } from '../crm-test-kit.js';
import { ACCOUNT_ID, CONTACT_ID, LEAD_ID, account, contact, lead } from './salesforce-records.js';
import {
  API,
  INSTANCE,
  LOGIN,
  TOKEN_PATH,
  jwtSettings,
  tokenResponse,
  unmatchedRequests,
} from './salesforce-test-kit.js';

const sosl = (digits: string) =>
  `FIND {${digits}} IN PHONE FIELDS RETURNING ` +
  'Contact(Id, Name, Account.Name, MailingCountry, DoNotCall, Phone, MobilePhone, HomePhone, OtherPhone, AssistantPhone), ' +
  'Lead(Id, Name, Company, Country, DoNotCall, Phone, MobilePhone WHERE IsConverted = false), ' +
  'Account(Id, Name, BillingCountry, Phone) LIMIT 20';

const US = { e164: '+14155552671', nationalDigits: '4155552671' };
const UK = { e164: '+442079460958', nationalDigits: '2079460958' };

describe('Salesforce adapter: findByPhone', () => {
  before(() => nock.disableNetConnect());
  after(() => nock.enableNetConnect());
  afterEach(() => nock.cleanAll());

  const adapter = () => createSalesforceAdapter(jwtSettings(), { logger: silentLogger });
  const login = () => nock(LOGIN).post(TOKEN_PATH).reply(200, tokenResponse());
  const search = (digits: string) => nock(INSTANCE).get(`${API}/search`).query({ q: sosl(digits) });

  it('searches phone fields for the national digits, excluding converted leads, and keeps only true matches', async () => {
    const logins = login();
    const api = search('4155552671').reply(200, {
      searchRecords: [
        contact({ Id: '003xx000004TmiAAAS', MailingCountry: 'United States', Phone: '+1 650 555 0000', MobilePhone: '(415) 555-2671' }),
        contact({ Id: '003xx000004TmiBAAS', Phone: '555-2671', MobilePhone: null, AssistantPhone: '4155552671999' }),
        contact({ Id: CONTACT_ID }),
        lead({ Country: null, Phone: '1-415-555-2671' }),
        account({ Phone: '+1 415 555 2672' }),
      ],
    });

    const matches = await adapter().findByPhone(US);

    logins.done();
    api.done();
    assert.deepEqual(
      matches.map((m) => [m.record.objectType, m.record.id, m.matchedField]),
      [
        ['Contact', '003xx000004TmiAAAS', 'MobilePhone'],
        ['Contact', CONTACT_ID, 'AssistantPhone'],
        ['Lead', LEAD_ID, 'Phone'],
      ],
    );
    assert.equal(matches[2]?.record.doNotCall, true);
  });

  it('matches numbers stored in national format with a trunk prefix, by country or without one', async () => {
    const logins = login();
    const api = search('2079460958').reply(200, {
      searchRecords: [
        contact({ AssistantPhone: null }),
        account({ BillingCountry: null, Phone: '020 7946 0958' }),
        lead({ Country: 'Germany', Phone: '030 7946 0958' }),
      ],
    });

    const matches = await adapter().findByPhone(UK);

    logins.done();
    api.done();
    assert.deepEqual(
      matches.map((m) => [m.record.id, m.matchedField]),
      [
        [CONTACT_ID, 'Phone'],
        [ACCOUNT_ID, 'Phone'],
      ],
    );
  });

  it('returns an empty list when Salesforce finds nothing', async () => {
    const logins = login();
    const api = search('4155552671').reply(200, { searchRecords: [] });

    assert.deepEqual(await adapter().findByPhone(US), []);
    logins.done();
    api.done();
  });

  for (const nationalDigits of ['123', '4155552671} OR {x', '+14155552671', '1234567890123456']) {
    it(`sends no search for national digits ${JSON.stringify(nationalDigits)}`, async () => {
      const unmatched = unmatchedRequests();
      const matches = await adapter().findByPhone({ e164: US.e164, nationalDigits });
      unmatched.stop();

      assert.deepEqual(matches, []);
      assert.equal(unmatched.count(), 0);
    });
  }

  it('reports a search response without searchRecords as bad-response', async () => {
    const logins = login();
    const api = search('4155552671').reply(200, [contact()]);

    assert.equal((await rejection(adapter().findByPhone(US))).kind, 'bad-response');
    logins.done();
    api.done();
  });
});
