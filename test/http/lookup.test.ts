import assert from 'node:assert/strict';
import { FakeCrm } from './fake-crm.js';
import { asAgent, buildTestApp, closeTestApps, JSON_TYPE } from './test-app.js';

async function lookup(query: string, options: Parameters<typeof buildTestApp>[0] = {}) {
  return (await asAgent(buildTestApp(options))).get(`/api/v1/lookup${query}`);
}

describe('GET /api/v1/lookup', () => {
  afterEach(closeTestApps);

  it('finds a record by its number whatever format the CRM stores it in', async () => {
    const res = await lookup('?number=%2B442079460958');
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-type'], JSON_TYPE);
    assert.deepEqual(res.body, {
      e164: '+442079460958',
      display: '+44 20 7946 0958',
      matches: [
        {
          id: 'CON-0002',
          objectType: 'Contact',
          name: 'Oliver Bennett',
          company: 'Thames Analytics',
          country: 'GB',
          doNotCall: false,
          matchedField: 'Phone',
        },
      ],
    });
  });

  it('finds every record holding the number: a contact and its account', async () => {
    const res = await lookup('?number=%2B49%2030%20901820');
    assert.equal(res.status, 200);
    assert.equal(res.body.e164, '+4930901820');
    assert.deepEqual(
      res.body.matches.map((m: { id: string; objectType: string; matchedField: string }) => [m.id, m.objectType, m.matchedField]).sort(),
      [
        ['ACC-0003', 'Account', 'Phone'],
        ['CON-0003', 'Contact', 'Phone'],
      ],
    );
  });

  it('matches a mobile field as well as the main phone', async () => {
    const res = await lookup('?number=%2B61412345678');
    assert.equal(res.status, 200);
    assert.deepEqual(
      res.body.matches.map((m: { id: string; matchedField: string; doNotCall: boolean }) => [m.id, m.matchedField, m.doNotCall]),
      [['CON-0008', 'MobilePhone', true]],
    );
  });

  it('reads a national number in the default region', async () => {
    const res = await lookup('?number=(415)%20555-2600');
    assert.equal(res.status, 200);
    assert.equal(res.body.e164, '+14155552600');
    assert.deepEqual(res.body.matches.map((m: { id: string }) => m.id), ['ACC-0001']);
  });

  it('answers no matches for a number nobody holds', async () => {
    const res = await lookup('?number=%2B14155550000');
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { e164: '+14155550000', display: '+1 415 555 0000', matches: [] });
  });

  it('answers no matches for an internal extension without asking the CRM', async () => {
    const crm = new FakeCrm([]);
    const res = await lookup('?number=204', { crm });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { e164: null, display: '204', matches: [] });
    assert.deepEqual(crm.calls, []);
  });

  it('gives the CRM the E.164 number and its national digits to search by', async () => {
    const crm = new FakeCrm([]);
    await lookup('?number=%2B14155552671', { crm });
    assert.deepEqual(crm.calls, [{ verb: 'findByPhone', args: { e164: '+14155552671', nationalDigits: '4155552671' } }]);
  });

  const bad = [
    { name: 'no number', query: '', message: 'query.number must be given once, as ?number=+14155552671' },
    { name: 'the number twice', query: '?number=a&number=b', message: 'query.number must be given once, as ?number=+14155552671' },
    { name: 'an empty number', query: '?number=', message: 'query.number must not be empty' },
    { name: 'a number over 200 characters', query: `?number=${'1'.repeat(201)}`, message: 'query.number must be at most 200 characters' },
  ];
  for (const { name, query, message } of bad) {
    it(`refuses ${name} (400)`, async () => {
      const res = await lookup(query);
      assert.equal(res.status, 400);
      assert.equal(res.headers['content-type'], JSON_TYPE);
      assert.equal(res.body.error.code, 'VALIDATION_FAILED');
      assert.equal(res.body.error.message, message);
      assert.deepEqual(res.body.error.issues, [{ field: 'query.number', message: message.replace('query.number ', '') }]);
    });
  }

  it('refuses a number that cannot be dialled (422)', async () => {
    const res = await lookup('?number=sip%3A4155552671%40evil.com');
    assert.equal(res.status, 422);
    assert.equal(res.headers['content-type'], JSON_TYPE);
    assert.deepEqual(res.body, {
      error: {
        code: 'NUMBER_UNUSABLE',
        message: 'The number "sip:4155552671@evil.com" contains ":", which does not belong in a phone number; remove it in the CRM record.',
        reason: 'INVALID_CHARACTERS',
      },
    });
  });
});
