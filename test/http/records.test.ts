import assert from 'node:assert/strict';
import { FakeCrm, fakeRecord } from './fake-crm.js';
import { asAgent, buildTestApp, closeTestApps, JSON_TYPE } from './test-app.js';

const DNC = { allowed: false, code: 'DO_NOT_CALL', reason: 'This contact asked not to be called (Do Not Call is set in the CRM).' };

describe('GET /api/v1/records/:objectType/:id/numbers', () => {
  afterEach(closeTestApps);

  it("lists every phone of a record, each with where it dials and the policy's verdict", async () => {
    const res = await (await asAgent(buildTestApp())).get('/api/v1/records/Contact/CON-0001/numbers');
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-type'], JSON_TYPE);
    assert.deepEqual(res.body, {
      record: {
        id: 'CON-0001',
        objectType: 'Contact',
        name: 'Maria Gonzalez',
        company: 'Acme Logistics',
        country: 'US',
        doNotCall: false,
      },
      numbers: [
        {
          field: 'Phone',
          label: 'Phone',
          value: '(415) 555-2671 x204',
          dialable: true,
          target: {
            kind: 'pstn',
            e164: '+14155552671',
            sipUri: 'sip:+14155552671@pbx.example.test;user=phone',
            extension: '204',
            display: '+1 415 555 2671',
            country: 'US',
            numberType: 'FIXED_LINE_OR_MOBILE',
          },
          policy: { allowed: true },
        },
        {
          field: 'MobilePhone',
          label: 'Mobile',
          value: '+1 650-253-0000',
          dialable: true,
          target: {
            kind: 'pstn',
            e164: '+16502530000',
            sipUri: 'sip:+16502530000@pbx.example.test;user=phone',
            extension: null,
            display: '+1 650 253 0000',
            country: 'US',
            numberType: 'FIXED_LINE_OR_MOBILE',
          },
          policy: { allowed: true },
        },
      ],
    });
  });

  it("reads a record's national numbers in the record's country", async () => {
    const res = await (await asAgent(buildTestApp())).get('/api/v1/records/Contact/CON-0002/numbers');
    assert.equal(res.status, 200);
    assert.deepEqual(
      res.body.numbers.map((n: { value: string; target: { e164: string } }) => [n.value, n.target.e164]),
      [
        ['020 7946 0958', '+442079460958'],
        ['07911 123456', '+447911123456'],
      ],
    );
  });

  it("refuses every number of a Do-Not-Call record, with the reason and no problem with the number", async () => {
    const res = await (await asAgent(buildTestApp())).get('/api/v1/records/Contact/CON-0008/numbers');
    assert.equal(res.status, 200);
    assert.equal(res.body.record.doNotCall, true);
    assert.equal(res.body.numbers.length, 2);
    for (const entry of res.body.numbers) {
      assert.equal(entry.dialable, false, entry.value);
      assert.deepEqual(entry.policy, DNC, entry.value);
      assert.equal(entry.problem, null, entry.value);
      assert.equal(entry.target.country, 'AU', entry.value);
    }
  });

  it('marks a premium-rate number not dialable, keeping its target for display', async () => {
    const res = await (await asAgent(buildTestApp())).get('/api/v1/records/Lead/LEA-0004/numbers');
    assert.equal(res.status, 200);
    const [entry] = res.body.numbers;
    assert.equal(entry.dialable, false);
    assert.equal(entry.policy.code, 'PREMIUM_RATE');
    assert.equal(entry.target.e164, '+449098790000');
    assert.equal(entry.problem, null);
  });

  it('shows a number that cannot be dialled with the problem to fix in the CRM', async () => {
    const crm = new FakeCrm([
      fakeRecord({
        id: 'C-1',
        phones: [
          { field: 'Phone', label: 'Phone', value: 'ask reception' },
          { field: 'MobilePhone', label: 'Mobile', value: '+1 650-253-0000' },
        ],
      }),
    ]);
    const res = await (await asAgent(buildTestApp({ crm }))).get('/api/v1/records/Contact/C-1/numbers');
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.numbers[0], {
      field: 'Phone',
      label: 'Phone',
      value: 'ask reception',
      dialable: false,
      target: null,
      policy: null,
      problem: { code: 'NOT_A_PHONE_NUMBER', message: '"ask reception" is not a phone number; enter a phone number in the CRM record.' },
    });
    assert.equal(res.body.numbers[1].dialable, true);
  });

  it('answers an empty list for a record without phones', async () => {
    const crm = new FakeCrm([fakeRecord({ id: 'C-2', name: 'No Phone', phones: [] })]);
    const res = await (await asAgent(buildTestApp({ crm }))).get('/api/v1/records/Contact/C-2/numbers');
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.numbers, []);
  });

  it('refuses an object type the API does not know (400)', async () => {
    const res = await (await asAgent(buildTestApp())).get('/api/v1/records/Opportunity/CON-0001/numbers');
    assert.equal(res.status, 400);
    assert.equal(res.headers['content-type'], JSON_TYPE);
    assert.deepEqual(res.body, {
      error: {
        code: 'VALIDATION_FAILED',
        message: 'params.objectType must be one of Contact, Lead, Account',
        issues: [{ field: 'params.objectType', message: 'must be one of Contact, Lead, Account' }],
      },
    });
  });

  it('refuses an id with characters no record id has (400) without asking the CRM', async () => {
    const crm = new FakeCrm([]);
    const res = await (await asAgent(buildTestApp({ crm }))).get('/api/v1/records/Contact/CON%200001/numbers');
    assert.equal(res.status, 400);
    assert.deepEqual(res.body, {
      error: {
        code: 'VALIDATION_FAILED',
        message: 'params.id must be 1 to 64 letters, digits, - or _',
        issues: [{ field: 'params.id', message: 'must be 1 to 64 letters, digits, - or _' }],
      },
    });
    assert.deepEqual(crm.calls, []);
  });

  it('answers 404 for a record the CRM does not hold', async () => {
    const res = await (await asAgent(buildTestApp())).get('/api/v1/records/Contact/CON-9999/numbers');
    assert.equal(res.status, 404);
    assert.equal(res.headers['content-type'], JSON_TYPE);
    assert.deepEqual(res.body, {
      error: {
        code: 'RECORD_NOT_FOUND',
        message: 'No Contact with id CON-9999 exists in the CRM, or the connector cannot see it.',
      },
    });
  });
});
