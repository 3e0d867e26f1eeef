import assert from 'node:assert/strict';
import { asAgent, buildTestApp, closeTestApps, JSON_TYPE } from './test-app.js';
import { FakeCrm } from './fake-crm.js';

const ALLOWED = { allowed: true };
const DNC_REASON = 'This contact asked not to be called (Do Not Call is set in the CRM).';

async function resolve(body: unknown, options: Parameters<typeof buildTestApp>[0] = {}) {
  return (await asAgent(buildTestApp(options))).post('/api/v1/resolve').send(body as object);
}

describe('POST /api/v1/resolve', () => {
  afterEach(closeTestApps);

  describe('a number an agent may dial', () => {
    it('turns a US national number into a SIP target and names the contact who holds it', async () => {
      const res = await resolve({ number: '(415) 555-2671' });
      assert.equal(res.status, 200);
      assert.equal(res.headers['content-type'], JSON_TYPE);
      assert.deepEqual(res.body, {
        kind: 'pstn',
        e164: '+14155552671',
        sipUri: 'sip:+14155552671@pbx.example.test;user=phone',
        extension: null,
        display: '+1 415 555 2671',
        country: 'US',
        numberType: 'FIXED_LINE_OR_MOBILE',
        contact: { id: 'CON-0001', objectType: 'Contact', name: 'Maria Gonzalez', company: 'Acme Logistics' },
        policy: ALLOWED,
      });
    });

    it('answers contact null for a number no CRM record holds', async () => {
      const res = await resolve({ number: '+1 212 736 5000' }, { crm: new FakeCrm([]) });
      assert.equal(res.status, 200);
      assert.deepEqual(res.body, {
        kind: 'pstn',
        e164: '+12127365000',
        sipUri: 'sip:+12127365000@pbx.example.test;user=phone',
        extension: null,
        display: '+1 212 736 5000',
        country: 'US',
        numberType: 'FIXED_LINE_OR_MOBILE',
        contact: null,
        policy: ALLOWED,
      });
    });

    it("reads a national number in the record's country, not the connector's default region", async () => {
      const res = await resolve({ number: '020 7946 0958', recordId: 'CON-0002', objectType: 'Contact' });
      assert.equal(res.status, 200);
      assert.equal(res.headers['content-type'], JSON_TYPE);
      assert.deepEqual(res.body, {
        kind: 'pstn',
        e164: '+442079460958',
        sipUri: 'sip:+442079460958@pbx.example.test;user=phone',
        extension: null,
        display: '+44 20 7946 0958',
        country: 'GB',
        numberType: 'FIXED_LINE',
        contact: { id: 'CON-0002', objectType: 'Contact', name: 'Oliver Bennett', company: 'Thames Analytics' },
        policy: ALLOWED,
      });
    });

    it('keeps an extension apart from the number, to be sent as DTMF after answer', async () => {
      const res = await resolve({ number: '(415) 555-2671 x204', recordId: 'CON-0001', objectType: 'Contact' });
      assert.equal(res.status, 200);
      assert.equal(res.body.sipUri, 'sip:+14155552671@pbx.example.test;user=phone');
      assert.equal(res.body.extension, '204');
      assert.equal(res.body.display, '+1 415 555 2671');
    });

    it('dials a short internal extension on the PBX, without user=phone', async () => {
      const res = await resolve({ number: '204' });
      assert.equal(res.status, 200);
      assert.equal(res.headers['content-type'], JSON_TYPE);
      assert.deepEqual(res.body, {
        kind: 'internal',
        e164: null,
        sipUri: 'sip:204@pbx.example.test',
        extension: null,
        display: '204',
        country: null,
        numberType: null,
        contact: null,
        policy: ALLOWED,
      });
    });
  });

  describe('a number the call policy refuses (200 with the verdict, so the widget can explain)', () => {
    it('refuses a typed number that belongs to a Do-Not-Call contact, and names that contact', async () => {
      const res = await resolve({ number: '+61 412 345 678' });
      assert.equal(res.status, 200);
      assert.equal(res.headers['content-type'], JSON_TYPE);
      assert.deepEqual(res.body, {
        kind: 'pstn',
        e164: '+61412345678',
        sipUri: 'sip:+61412345678@pbx.example.test;user=phone',
        extension: null,
        display: '+61 412 345 678',
        country: 'AU',
        numberType: 'MOBILE',
        contact: { id: 'CON-0008', objectType: 'Contact', name: 'Chloe Martin', company: 'Harbour Health' },
        policy: { allowed: false, code: 'DO_NOT_CALL', reason: DNC_REASON },
      });
    });

    it('refuses a Do-Not-Call record clicked on its own page', async () => {
      const res = await resolve({ number: '(02) 9374 4000', recordId: 'CON-0008', objectType: 'Contact' });
      assert.equal(res.status, 200);
      assert.deepEqual(res.body.policy, { allowed: false, code: 'DO_NOT_CALL', reason: DNC_REASON });
      assert.equal(res.body.e164, '+61293744000');
    });

    it("refuses a Do-Not-Call contact's number dialled from another record's page, naming who asked", async () => {
      const res = await resolve({ number: '+61 412 345 678', recordId: 'CON-0001', objectType: 'Contact' });
      assert.equal(res.status, 200);
      assert.deepEqual(res.body.policy, { allowed: false, code: 'DO_NOT_CALL', reason: DNC_REASON });
      assert.equal(res.body.contact.name, 'Chloe Martin');
    });

    it("refuses a premium-rate lead's number", async () => {
      const res = await resolve({ number: '0909 879 0000', recordId: 'LEA-0004', objectType: 'Lead' });
      assert.equal(res.status, 200);
      assert.deepEqual(res.body, {
        kind: 'pstn',
        e164: '+449098790000',
        sipUri: 'sip:+449098790000@pbx.example.test;user=phone',
        extension: null,
        display: '+44 909 879 0000',
        country: 'GB',
        numberType: 'PREMIUM_RATE',
        contact: { id: 'LEA-0004', objectType: 'Lead', name: 'Quiz Night Hotline', company: 'Premium Quiz Ltd' },
        policy: {
          allowed: false,
          code: 'PREMIUM_RATE',
          reason: "+44 909 879 0000 is a premium-rate number, and your team's call policy blocks premium-rate calls.",
        },
      });
    });

    it('refuses a number outside the countries the team may call', async () => {
      const callPolicy = { allowedCountries: ['US'], blockPremiumRate: true, blockSharedCost: true };
      const res = await resolve({ number: '020 7946 0958', recordId: 'CON-0002', objectType: 'Contact' }, { callPolicy });
      assert.equal(res.status, 200);
      assert.equal(res.body.country, 'GB');
      assert.deepEqual(res.body.policy, {
        allowed: false,
        code: 'COUNTRY_NOT_ALLOWED',
        reason: "Calls to United Kingdom (+44) are not allowed by your team's call policy.",
      });
    });
  });

  describe('a number that cannot be dialled (422, saying what to fix)', () => {
    const cases = [
      {
        number: '4155552671@evil.com',
        reason: 'INVALID_CHARACTERS',
        message: 'The number "4155552671@evil.com" looks like a SIP or e-mail address; enter only the phone number in the CRM record.',
      },
      {
        number: '1',
        reason: 'TOO_SHORT',
        message: 'The number "1" is too short to be a phone number; check it in the CRM record.',
      },
      {
        number: 'call me maybe',
        reason: 'NOT_A_PHONE_NUMBER',
        message: '"call me maybe" is not a phone number; enter a phone number in the CRM record.',
      },
    ];
    for (const { number, reason, message } of cases) {
      it(`refuses ${JSON.stringify(number)} as ${reason}`, async () => {
        const res = await resolve({ number });
        assert.equal(res.status, 422);
        assert.equal(res.headers['content-type'], JSON_TYPE);
        assert.deepEqual(res.body, { error: { code: 'NUMBER_UNUSABLE', message, reason } });
      });
    }

    it('never asks the CRM who owns a number it cannot dial', async () => {
      const crm = new FakeCrm([]);
      const res = await resolve({ number: '4155552671@evil.com' }, { crm });
      assert.equal(res.status, 422);
      assert.deepEqual(crm.calls, []);
    });
  });

  it('answers 404 for a record the CRM does not hold', async () => {
    const res = await resolve({ number: '204', recordId: 'CON-9999', objectType: 'Contact' });
    assert.equal(res.status, 404);
    assert.equal(res.headers['content-type'], JSON_TYPE);
    assert.deepEqual(res.body, {
      error: {
        code: 'RECORD_NOT_FOUND',
        message: 'No Contact with id CON-9999 exists in the CRM, or the connector cannot see it.',
      },
    });
  });

  it('answers 404 for an id that exists under another object type', async () => {
    const res = await resolve({ number: '204', recordId: 'CON-0001', objectType: 'Lead' });
    assert.equal(res.status, 404);
    assert.equal(res.body.error.code, 'RECORD_NOT_FOUND');
  });
});
