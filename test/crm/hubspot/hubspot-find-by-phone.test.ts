import assert from 'node:assert/strict';
import nock from 'nock';
import { createHubSpotAdapter } from '../../../connector/src/crm/hubspot/hubspot-adapter.js';
import { rejection, silentLogger } from '../crm-test-kit.js';
import { COMPANY_ID, COMPANY_PROPERTIES, CONTACT_ID, CONTACT_PROPERTIES, company, contact, searchAnswer } from './hubspot-records.js';
import { API, privateAppSettings } from './hubspot-test-kit.js';

const CONTACTS = '/crm/v3/objects/contacts/search';
const COMPANIES = '/crm/v3/objects/companies/search';
const UK = { e164: '+442079460958', nationalDigits: '2079460958' };
const US = { e164: '+14155552671', nationalDigits: '4155552671' };

describe('HubSpot adapter: findByPhone', () => {
  before(() => nock.disableNetConnect());
  after(() => nock.enableNetConnect());
  afterEach(() => nock.cleanAll());

  const adapter = () => createHubSpotAdapter(privateAppSettings(), { logger: silentLogger });

  it('searches contacts on the calculated searchable numbers and E.164, and companies by query, as documented', async () => {
    const bodies: Record<string, unknown> = {};
    const api = nock(API)
      .post(CONTACTS, (body) => ((bodies.contacts = body), true))
      .reply(200, searchAnswer([]))
      .post(COMPANIES, (body) => ((bodies.companies = body), true))
      .reply(200, searchAnswer([]));

    await adapter().findByPhone(UK);

    api.done();
    const eq = (propertyName: string, value: string) => ({ filters: [{ propertyName, operator: 'EQ', value }] });
    assert.deepEqual(bodies.contacts, {
      filterGroups: [
        eq('hs_searchable_calculated_phone_number', '2079460958'),
        eq('hs_searchable_calculated_mobile_number', '2079460958'),
        eq('phone', '+442079460958'),
        eq('mobilephone', '+442079460958'),
      ],
      properties: CONTACT_PROPERTIES.split(','),
      limit: 20,
    });
    assert.deepEqual(bodies.companies, { query: '2079460958', properties: COMPANY_PROPERTIES.split(','), limit: 20 });
  });

  it('returns the contacts and companies whose stored numbers are the number, with the field that matched', async () => {
    const api = nock(API)
      .post(CONTACTS)
      .reply(200, searchAnswer([contact({ phone: null, mobilephone: '(415) 555-2671', country: null })]))
      .post(COMPANIES)
      .reply(200, searchAnswer([company()]));

    const matches = await adapter().findByPhone(US);

    api.done();
    assert.deepEqual(
      matches.map((m) => [m.record.objectType, m.record.id, m.matchedField]),
      [
        ['Contact', CONTACT_ID, 'mobilephone'],
        ['Account', COMPANY_ID, 'phone'],
      ],
    );
  });

  it('drops hits whose number only shares the national digits or contains them', async () => {
    const api = nock(API)
      .post(CONTACTS)
      .reply(200, searchAnswer([contact({ phone: '+44 415 555 2671', mobilephone: null, country: 'GB' })]))
      .post(COMPANIES)
      .reply(200, searchAnswer([company({ phone: '+1 415-555-26710' })]));

    assert.deepEqual(await adapter().findByPhone(US), []);
    api.done();
  });

  it('sends nothing for a number that cannot be searched', async () => {
    assert.deepEqual(await adapter().findByPhone({ e164: '+1', nationalDigits: '1' }), []);
    assert.deepEqual(await adapter().findByPhone({ e164: '4155552671', nationalDigits: '4155552671' }), []);
  });

  it('maps a search answer without results to bad-response', async () => {
    const api = nock(API).post(CONTACTS).reply(200, { total: 0 }).post(COMPANIES).reply(200, searchAnswer([]));

    assert.equal((await rejection(adapter().findByPhone(US))).kind, 'bad-response');
    api.done();
  });
});
