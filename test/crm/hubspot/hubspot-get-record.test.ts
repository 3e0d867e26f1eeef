import assert from 'node:assert/strict';
import nock from 'nock';
import { createHubSpotAdapter } from '../../../connector/src/crm/hubspot/hubspot-adapter.js';
import { rejection, silentLogger } from '../crm-test-kit.js';
import { COMPANY_ID, COMPANY_PROPERTIES, CONTACT_ID, CONTACT_PROPERTIES, NOT_FOUND, company, contact } from './hubspot-records.js';
import { API, PRIVATE_APP_TOKEN, privateAppSettings } from './hubspot-test-kit.js';

describe('HubSpot adapter: getRecord', () => {
  before(() => nock.disableNetConnect());
  after(() => nock.enableNetConnect());
  afterEach(() => nock.cleanAll());

  const adapter = (doNotCallProperty?: string) =>
    createHubSpotAdapter(privateAppSettings(doNotCallProperty ? { doNotCallProperty } : {}), { logger: silentLogger });

  it('reads a contact with its name, company, country and non-empty phones in order', async () => {
    const api = nock(API)
      .get(`/crm/v3/objects/contacts/${CONTACT_ID}`)
      .query({ properties: CONTACT_PROPERTIES })
      .matchHeader('authorization', `Bearer ${PRIVATE_APP_TOKEN}`)
      .reply(200, contact({ hs_whatsapp_phone_number: '' }));

    const record = await adapter().getRecord({ objectType: 'Contact', id: CONTACT_ID });

    api.done();
    assert.deepEqual(record, {
      id: CONTACT_ID,
      objectType: 'Contact',
      name: 'Ada Lovelace',
      company: 'Analytical Engines Ltd',
      country: 'GB',
      doNotCall: false,
      phones: [
        { field: 'phone', label: 'Phone', value: '020 7946 0958' },
        { field: 'mobilephone', label: 'Mobile', value: '+44 7700 900123' },
      ],
    });
  });

  it('prefers hs_country_region_code, falls back to the email for a nameless contact, and reads WhatsApp', async () => {
    const api = nock(API)
      .get(`/crm/v3/objects/contacts/${CONTACT_ID}`)
      .query(true)
      .reply(200, contact({ firstname: null, lastname: '', hs_country_region_code: 'de', hs_whatsapp_phone_number: '+49 151 23456789' }));

    const record = await adapter().getRecord({ objectType: 'Contact', id: CONTACT_ID });

    api.done();
    assert.equal(record?.name, 'ada@engines.example');
    assert.equal(record?.country, 'DE');
    assert.deepEqual(record?.phones.at(-1), { field: 'hs_whatsapp_phone_number', label: 'WhatsApp', value: '+49 151 23456789' });
  });

  it('reads the configured do-not-call property of a contact', async () => {
    const api = nock(API)
      .get(`/crm/v3/objects/contacts/${CONTACT_ID}`)
      .query({ properties: `${CONTACT_PROPERTIES},do_not_call` })
      .reply(200, contact({ do_not_call: 'true' }));

    const record = await adapter('do_not_call').getRecord({ objectType: 'Contact', id: CONTACT_ID });

    api.done();
    assert.equal(record?.doNotCall, true);
  });

  it('reads an Account from companies, with no company of its own', async () => {
    const api = nock(API).get(`/crm/v3/objects/companies/${COMPANY_ID}`).query({ properties: COMPANY_PROPERTIES }).reply(200, company());

    const record = await adapter().getRecord({ objectType: 'Account', id: COMPANY_ID });

    api.done();
    assert.deepEqual(record, {
      id: COMPANY_ID,
      objectType: 'Account',
      name: 'Cobol Inc',
      company: null,
      country: 'US',
      doNotCall: false,
      phones: [{ field: 'phone', label: 'Phone', value: '(415) 555-2671' }],
    });
  });

  it('answers null without a request for a Lead (no HubSpot equivalent) and for ids that are not numeric', async () => {
    const sut = adapter();

    assert.equal(await sut.getRecord({ objectType: 'Lead', id: CONTACT_ID }), null);
    assert.equal(await sut.getRecord({ objectType: 'Contact', id: '003xx000004TmiQAAS' }), null);
    assert.equal(await sut.getRecord({ objectType: 'Contact', id: '101/../../owners' }), null);
    assert.equal(await sut.getRecord({ objectType: 'Account', id: '0' }), null);
  });

  it('answers null when HubSpot has no such record (404 OBJECT_NOT_FOUND)', async () => {
    const api = nock(API).get(`/crm/v3/objects/contacts/${CONTACT_ID}`).query(true).reply(404, NOT_FOUND);

    assert.equal(await adapter().getRecord({ objectType: 'Contact', id: CONTACT_ID }), null);
    api.done();
  });

  it('maps an object without properties to bad-response', async () => {
    const api = nock(API).get(`/crm/v3/objects/contacts/${CONTACT_ID}`).query(true).reply(200, { id: CONTACT_ID });

    assert.equal((await rejection(adapter().getRecord({ objectType: 'Contact', id: CONTACT_ID }))).kind, 'bad-response');
    api.done();
  });
});
