import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { loadConfig } from '../../connector/src/config/config.js';
import type { CrmAdapter } from '../../connector/src/crm/crm-adapter.js';
import { createCrmAdapter } from '../../connector/src/crm/create-crm-adapter.js';
import { answeredCall, silentLogger } from '../crm/crm-test-kit.js';
import { SalesforceStandIn, type StandInRecord } from './salesforce-stand-in.js';

const ACCOUNT: StandInRecord = { type: 'Account', Id: '001xx000003DGb2AAG', Name: 'Analytical Engines Ltd', Phone: '+44 20 7946 0000', BillingCountry: 'United Kingdom' };
const CONTACT: StandInRecord = {
  type: 'Contact',
  Id: '003xx000004TmiQAAS',
  Name: 'Ada Lovelace',
  AccountId: ACCOUNT.Id,
  MailingCountry: 'United Kingdom',
  Phone: '020 7946 0958',
  MobilePhone: '+44 7700 900123',
  Email: 'ada@engines.example',
};
const LEAD: StandInRecord = { type: 'Lead', Id: '00Qxx000001Hx9TEAS', Name: 'Grace Hopper', Company: 'Cobol Inc', Country: 'USA', DoNotCall: true, Phone: '(415) 555-2671' };
/** Holds the same number as LEAD, but converted: the connector's search leaves converted leads out. */
const CONVERTED_LEAD: StandInRecord = { type: 'Lead', Id: '00Qxx000001Hx9UEAS', Name: 'Grace Hopper (converted)', Company: 'Cobol Inc', IsConverted: true, Phone: '415-555-2671' };

/**
 * The stand-in answered by the connector's real Salesforce adapter, configured as `CRM=salesforce` with a refresh
 * token and `SF_LOGIN_URL` at the stand-in: what an end-to-end test of the connector process relies on.
 */
describe('Salesforce stand-in, as the real Salesforce adapter sees it', () => {
  let standIn: SalesforceStandIn;
  let adapter: CrmAdapter;

  before(async () => {
    standIn = new SalesforceStandIn({ apiVersion: '62.0', externalIdField: 'CTI_Call_Id__c', records: [ACCOUNT, CONTACT, LEAD, CONVERTED_LEAD] });
    await standIn.start();
    const config = loadConfig({
      CRM: 'salesforce',
      SF_LOGIN_URL: standIn.url,
      SF_CLIENT_ID: 'x',
      SF_REFRESH_TOKEN: 'y',
      DATA_DIR: tmpdir(),
    });
    ({ adapter } = createCrmAdapter(config, silentLogger));
  });

  after(async () => {
    await adapter?.close();
    await standIn?.stop();
    console.log(
      `      stand-in: ${standIn.counts.tokenRequests} token request(s), ${standIn.requests.length} API requests ` +
        `(${standIn.counts.queries} queries, ${standIn.counts.searches} searches, ${standIn.counts.upserts} upserts)`,
    );
  });

  it('answers the connection check on the version resource', async () => {
    await adapter.ping();
    assert.deepEqual(standIn.requests.at(-1), { method: 'GET', path: '/services/data/v62.0/', body: null });
  });

  it('gets a seeded Contact by id, with its account name, country and phones', async () => {
    const record = await adapter.getRecord({ objectType: 'Contact', id: CONTACT.Id });
    assert.deepEqual(record, {
      id: CONTACT.Id,
      objectType: 'Contact',
      name: 'Ada Lovelace',
      company: 'Analytical Engines Ltd',
      country: 'GB',
      doNotCall: false,
      phones: [
        { field: 'Phone', label: 'Phone', value: '020 7946 0958' },
        { field: 'MobilePhone', label: 'Mobile', value: '+44 7700 900123' },
      ],
    });
    const sent = new URL(standIn.requests.at(-1)!.path, standIn.url);
    assert.equal(sent.pathname, '/services/data/v62.0/query');
    assert.match(sent.searchParams.get('q') ?? '', /^SELECT Id, Name, Account\.Name, .* FROM Contact WHERE Id = '003xx000004TmiQAAS' LIMIT 1$/);
  });

  it('gets the same Contact by the 15-character form of its id', async () => {
    const record = await adapter.getRecord({ objectType: 'Contact', id: CONTACT.Id.slice(0, 15) });
    assert.equal(record?.name, 'Ada Lovelace');
  });

  it('gets null for an id no record has', async () => {
    assert.equal(await adapter.getRecord({ objectType: 'Contact', id: '003xx000009ZZZZAAA' }), null);
    assert.equal(await adapter.getRecord({ objectType: 'Lead', id: CONTACT.Id.replace(/^003/, '00Q') }), null);
  });

  it("finds a Contact by the caller's E.164 number, stored with a trunk prefix and spaces", async () => {
    const matches = await adapter.findByPhone({ e164: '+442079460958', nationalDigits: '2079460958' });
    assert.deepEqual(
      matches.map((m) => [m.record.objectType, m.record.name, m.matchedField]),
      [['Contact', 'Ada Lovelace', 'Phone']],
    );
    const sent = new URL(standIn.requests.at(-1)!.path, standIn.url);
    assert.equal(sent.pathname, '/services/data/v62.0/search');
    assert.match(sent.searchParams.get('q') ?? '', /^FIND \{2079460958\} IN PHONE FIELDS RETURNING Contact\(/);
  });

  it("finds a Lead by the caller's E.164 number, leaving the converted lead with the same number out", async () => {
    const matches = await adapter.findByPhone({ e164: '+14155552671', nationalDigits: '4155552671' });
    assert.deepEqual(
      matches.map((m) => [m.record.objectType, m.record.id, m.record.company, m.record.doNotCall, m.matchedField]),
      [['Lead', LEAD.Id, 'Cobol Inc', true, 'Phone']],
    );
  });

  it('finds nobody for a number no record holds', async () => {
    assert.deepEqual(await adapter.findByPhone({ e164: '+33142685300', nationalDigits: '142685300' }), []);
  });

  it('stores an upserted call log as a Task with the fields the adapter sends, once per Call-ID', async () => {
    const log = answeredCall({ callId: 'agent-1:a84b4c76e66710@pbx.test', ownerCrmId: '005xx000001SwiUAAS', record: { objectType: 'Contact', id: CONTACT.Id } });
    const [outcome] = await adapter.upsertCallLogs({ logs: [log] });
    assert.equal(outcome?.outcome, 'stored');
    const task = standIn.tasks.get(log.callId);
    assert.ok(task, 'the Task is stored under its Call-ID');
    assert.deepEqual(
      { ...task, Description: typeof task.Description },
      {
        CTI_Call_Id__c: log.callId,
        Subject: log.subject,
        TaskSubtype: 'Call',
        CallType: 'Outbound',
        CallDurationInSeconds: 192,
        CallDisposition: 'Answered',
        CallObject: log.callId,
        Description: 'string',
        Status: 'Completed',
        ActivityDate: '2025-03-14',
        WhoId: CONTACT.Id,
        OwnerId: '005xx000001SwiUAAS',
        Id: outcome?.outcome === 'stored' ? outcome.crmId : '',
      },
    );

    await adapter.upsertCallLogs({ logs: [{ ...log, disposition: 'Interested' }] });
    assert.equal(standIn.tasks.get(log.callId)?.CallDisposition, 'Interested');
    assert.deepEqual(standIn.inserts, [log.callId], 'the wrap-up updated the Task rather than adding one');
  });

  it('refuses a query of another shape with 400 MALFORMED_QUERY, saying which shape it reads', async () => {
    const login = await fetch(`${standIn.url}/services/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=refresh_token&client_id=x&refresh_token=y',
    });
    const { access_token: token } = (await login.json()) as { access_token: string };
    const query = async (soql: string) => {
      const res = await fetch(`${standIn.url}/services/data/v62.0/query?q=${encodeURIComponent(soql)}`, { headers: { authorization: `Bearer ${token}` } });
      return { status: res.status, body: (await res.json()) as { errorCode: string; message: string }[] };
    };

    const malformed = await query("SELECT Id FROM Contact WHERE Name = 'Ada Lovelace'");
    assert.equal(malformed.status, 400);
    assert.equal(malformed.body.length, 1);
    assert.equal(malformed.body[0]?.errorCode, 'MALFORMED_QUERY');
    assert.match(malformed.body[0]?.message ?? '', /answers only SELECT <fields> FROM <Contact\|Lead\|Account> WHERE Id = '<id>'/);

    const unknownField = await query(`SELECT Id, MailingCountryCode FROM Contact WHERE Id = '${CONTACT.Id}'`);
    assert.equal(unknownField.status, 400);
    assert.equal(unknownField.body[0]?.errorCode, 'INVALID_FIELD');

    const selected = await query(`SELECT Id, Name FROM Contact WHERE Id = '${CONTACT.Id}'`);
    assert.equal(selected.status, 200);
    assert.deepEqual(selected.body, {
      totalSize: 1,
      done: true,
      records: [{ attributes: { type: 'Contact', url: `/services/data/v62.0/sobjects/Contact/${CONTACT.Id}` }, Id: CONTACT.Id, Name: 'Ada Lovelace' }],
    });
  });
});
