import assert from 'node:assert/strict';
import nock from 'nock';
import { createSalesforceAdapter } from '../../../connector/src/crm/salesforce/salesforce-adapter.js';
import { rejection, silentLogger } from '../crm-test-kit.js';
import { ACCOUNT_ID, CONTACT_ID, LEAD_ID, account, contact, lead, queryResponse } from './salesforce-records.js';
import { API, INSTANCE, LOGIN, TOKEN_PATH, jwtSettings, tokenResponse, unmatchedRequests } from './salesforce-test-kit.js';

const CONTACT_SOQL =
  'SELECT Id, Name, Account.Name, MailingCountry, DoNotCall, Phone, MobilePhone, HomePhone, OtherPhone, AssistantPhone ' +
  `FROM Contact WHERE Id = '${CONTACT_ID}' LIMIT 1`;
const LEAD_SOQL = `SELECT Id, Name, Company, Country, DoNotCall, Phone, MobilePhone FROM Lead WHERE Id = '${LEAD_ID}' LIMIT 1`;
const ACCOUNT_SOQL = `SELECT Id, Name, BillingCountry, Phone FROM Account WHERE Id = '${ACCOUNT_ID}' LIMIT 1`;

describe('Salesforce adapter: getRecord', () => {
  before(() => nock.disableNetConnect());
  after(() => nock.enableNetConnect());
  afterEach(() => nock.cleanAll());

  const adapter = () => createSalesforceAdapter(jwtSettings(), { logger: silentLogger });
  const login = () => nock(LOGIN).post(TOKEN_PATH).reply(200, tokenResponse());
  const query = (soql: string) => nock(INSTANCE).get(`${API}/query`).query({ q: soql });

  it('maps a Contact: account name, mailing country, DoNotCall and its non-empty phones with labels', async () => {
    const logins = login();
    const api = query(CONTACT_SOQL).reply(200, queryResponse([contact()]));

    const record = await adapter().getRecord({ objectType: 'Contact', id: CONTACT_ID });

    logins.done();
    api.done();
    assert.deepEqual(record, {
      id: CONTACT_ID,
      objectType: 'Contact',
      name: 'Ada Lovelace',
      company: 'Analytical Engines Ltd',
      country: 'GB',
      doNotCall: false,
      phones: [
        { field: 'Phone', label: 'Phone', value: '020 7946 0958' },
        { field: 'MobilePhone', label: 'Mobile', value: '+44 7700 900123' },
        { field: 'AssistantPhone', label: 'Assistant', value: '(415) 555-2671 x204' },
      ],
    });
  });

  it('maps every Contact phone label, and a contact without account or country', async () => {
    const logins = login();
    const raw = contact({
      Account: null,
      MailingCountry: null,
      Phone: '1',
      MobilePhone: '2',
      HomePhone: '3',
      OtherPhone: '4',
      AssistantPhone: '   ',
    });
    const api = query(CONTACT_SOQL).reply(200, queryResponse([raw]));

    const record = await adapter().getRecord({ objectType: 'Contact', id: CONTACT_ID });

    logins.done();
    api.done();
    assert.equal(record?.company, null);
    assert.equal(record?.country, null);
    assert.deepEqual(
      record?.phones.map((p) => [p.field, p.label]),
      [
        ['Phone', 'Phone'],
        ['MobilePhone', 'Mobile'],
        ['HomePhone', 'Home'],
        ['OtherPhone', 'Other'],
      ],
    );
  });

  it('maps a Lead: company, a country written as an alias, DoNotCall', async () => {
    const logins = login();
    const api = query(LEAD_SOQL).reply(200, queryResponse([lead()]));

    const record = await adapter().getRecord({ objectType: 'Lead', id: LEAD_ID });

    logins.done();
    api.done();
    assert.deepEqual(record, {
      id: LEAD_ID,
      objectType: 'Lead',
      name: 'Grace Hopper',
      company: 'Cobol Inc',
      country: 'US',
      doNotCall: true,
      phones: [{ field: 'Phone', label: 'Phone', value: '(415) 555-2671' }],
    });
  });

  it('maps an Account: no company, billing country, never DoNotCall', async () => {
    const logins = login();
    const api = query(ACCOUNT_SOQL).reply(200, queryResponse([account()]));

    const record = await adapter().getRecord({ objectType: 'Account', id: ACCOUNT_ID });

    logins.done();
    api.done();
    assert.deepEqual(record, {
      id: ACCOUNT_ID,
      objectType: 'Account',
      name: 'Analytical Engines Ltd',
      company: null,
      country: 'DE',
      doNotCall: false,
      phones: [{ field: 'Phone', label: 'Phone', value: '+49 30 901820' }],
    });
  });

  it('accepts a 15-character id', async () => {
    const id = CONTACT_ID.slice(0, 15);
    const logins = login();
    const api = query(CONTACT_SOQL.replace(CONTACT_ID, id)).reply(200, queryResponse([contact({ Id: CONTACT_ID })]));

    const record = await adapter().getRecord({ objectType: 'Contact', id });

    logins.done();
    api.done();
    assert.equal(record?.id, CONTACT_ID);
  });

  it('returns null when the query finds no record', async () => {
    const logins = login();
    const api = query(CONTACT_SOQL).reply(200, queryResponse([]));

    assert.equal(await adapter().getRecord({ objectType: 'Contact', id: CONTACT_ID }), null);
    logins.done();
    api.done();
  });

  it('returns null on 404 NOT_FOUND', async () => {
    const logins = login();
    const api = query(CONTACT_SOQL).reply(404, [
      { errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' },
    ]);

    assert.equal(await adapter().getRecord({ objectType: 'Contact', id: CONTACT_ID }), null);
    logins.done();
    api.done();
  });

  for (const [why, objectType, id] of [
    ['too short', 'Contact', '003xx000004Tmi'],
    ['16 characters', 'Contact', '003xx000004TmiQA'],
    ['not alphanumeric', 'Contact', "003xx0000' OR Id != '"],
    ['another object', 'Contact', LEAD_ID],
    ['an unknown object type', 'Opportunity', '006xx000004TmiQAAS'],
  ] as const) {
    it(`returns null without any request for an id that is ${why}`, async () => {
      const unmatched = unmatchedRequests();
      const record = await adapter().getRecord({ objectType: objectType as 'Contact', id });
      unmatched.stop();

      assert.equal(record, null);
      assert.equal(unmatched.count(), 0);
    });
  }

  it('reports a record of the wrong shape as bad-response', async () => {
    const logins = login();
    const api = query(CONTACT_SOQL).reply(200, queryResponse([contact({ DoNotCall: 'no' })]));

    const error = await rejection(adapter().getRecord({ objectType: 'Contact', id: CONTACT_ID }));

    logins.done();
    api.done();
    assert.equal(error.kind, 'bad-response');
  });
});
