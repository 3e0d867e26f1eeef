import assert from 'node:assert/strict';
import { asAgent, buildTestApp, closeTestApps, JSON_TYPE } from './test-app.js';

async function resolve(body: unknown, options: Parameters<typeof buildTestApp>[0] = {}) {
  return (await asAgent(buildTestApp(options))).post('/api/v1/resolve').send(body as object);
}

describe('POST /api/v1/resolve with a request that is not a resolve request (4xx, naming what to fix)', () => {
  afterEach(closeTestApps);

  const asObject = 'must be a JSON object such as {"number": "+14155552671"}';
  const notAString = 'must be a string holding the phone number or extension to dial';
  const cases: { name: string; body: unknown; message: string; issues: { field: string; message: string }[] }[] = [
    {
      name: 'no number',
      body: {},
      message: `body.number ${notAString}`,
      issues: [{ field: 'body.number', message: notAString }],
    },
    {
      name: 'a number that is not a string',
      body: { number: 4155552671 },
      message: `body.number ${notAString}`,
      issues: [{ field: 'body.number', message: notAString }],
    },
    {
      name: 'an empty number',
      body: { number: '' },
      message: 'body.number must not be empty',
      issues: [{ field: 'body.number', message: 'must not be empty' }],
    },
    {
      name: 'a number over 200 characters',
      body: { number: '1'.repeat(201) },
      message: 'body.number must be at most 200 characters',
      issues: [{ field: 'body.number', message: 'must be at most 200 characters' }],
    },
    {
      name: 'a recordId without objectType',
      body: { number: '204', recordId: 'CON-0001' },
      message: 'The request body must give recordId and objectType together, or neither',
      issues: [{ field: 'body', message: 'must give recordId and objectType together, or neither' }],
    },
    {
      name: 'an objectType the API does not know',
      body: { number: '204', recordId: 'CON-0001', objectType: 'Opportunity' },
      message: 'body.objectType must be one of Contact, Lead, Account',
      issues: [{ field: 'body.objectType', message: 'must be one of Contact, Lead, Account' }],
    },
    {
      name: 'a recordId with characters no id has',
      body: { number: '204', recordId: "x' OR 1=1", objectType: 'Contact' },
      message: 'body.recordId must be 1 to 64 letters, digits, - or _',
      issues: [{ field: 'body.recordId', message: 'must be 1 to 64 letters, digits, - or _' }],
    },
    {
      name: 'a field the API does not know',
      body: { number: '204', priority: 'high' },
      message: 'The request body has fields the API does not know (priority); send only number, recordId, objectType and purpose',
      issues: [{ field: 'body', message: 'has fields the API does not know (priority); send only number, recordId, objectType and purpose' }],
    },
    {
      name: 'an array',
      body: [{ number: '204' }],
      message: `The request body ${asObject}`,
      issues: [{ field: 'body', message: asObject }],
    },
  ];
  for (const { name, body, message, issues } of cases) {
    it(`refuses ${name}`, async () => {
      const res = await resolve(body);
      assert.equal(res.status, 400);
      assert.equal(res.headers['content-type'], JSON_TYPE);
      assert.deepEqual(res.body, { error: { code: 'VALIDATION_FAILED', message, issues } });
    });
  }

  it('lists every problem in issues, not only the first', async () => {
    const res = await resolve({ number: 42, objectType: 'Opportunity', recordId: 'CON-0001' });
    assert.equal(res.status, 400);
    assert.deepEqual(
      res.body.error.issues.map((i: { field: string }) => i.field),
      ['body.number', 'body.objectType'],
    );
  });

  it('refuses a JSON null body, telling the client to send an object', async () => {
    const res = await (await asAgent(buildTestApp()))
      .post('/api/v1/resolve')
      .set('Content-Type', 'application/json')
      .send('null');
    assert.equal(res.status, 400);
    assert.equal(res.headers['content-type'], JSON_TYPE);
    assert.deepEqual(res.body, {
      error: {
        code: 'VALIDATION_FAILED',
        message: 'The request body must be a JSON object, such as {"number": "+14155552671"}.',
      },
    });
  });

  it('refuses malformed JSON', async () => {
    const res = await (await asAgent(buildTestApp()))
      .post('/api/v1/resolve')
      .set('Content-Type', 'application/json')
      .send('{"number": "204"');
    assert.equal(res.status, 400);
    assert.equal(res.headers['content-type'], JSON_TYPE);
    assert.deepEqual(res.body, {
      error: { code: 'MALFORMED_JSON', message: 'The request body is not valid JSON; send a JSON object.' },
    });
  });

  it('refuses a body that is not JSON (415), naming the content type it got', async () => {
    const res = await (await asAgent(buildTestApp())).post('/api/v1/resolve').type('form').send('number=204');
    assert.equal(res.status, 415);
    assert.equal(res.headers['content-type'], JSON_TYPE);
    assert.deepEqual(res.body, {
      error: {
        code: 'UNSUPPORTED_MEDIA_TYPE',
        message: 'Send the request body as application/json (got application/x-www-form-urlencoded).',
      },
    });
  });

  it('refuses a body sent without a Content-Type (415)', async () => {
    const res = await (await asAgent(buildTestApp())).post('/api/v1/resolve').set('Content-Type', '').send(Buffer.from('{"number":"204"}'));
    assert.equal(res.status, 415);
    assert.deepEqual(res.body, {
      error: { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Send the request body as application/json (got no Content-Type).' },
    });
  });

  it('answers a request with no body at all with what the body must hold (400)', async () => {
    const res = await (await asAgent(buildTestApp())).post('/api/v1/resolve');
    assert.equal(res.status, 400);
    assert.equal(res.body.error.code, 'VALIDATION_FAILED');
    assert.match(res.body.error.message, /^body\.number must be a string/);
  });

  it('refuses JSON in a charset other than UTF (415)', async () => {
    const res = await (await asAgent(buildTestApp()))
      .post('/api/v1/resolve')
      .set('Content-Type', 'application/json; charset=latin1')
      .send('{"number":"204"}');
    assert.equal(res.status, 415);
    assert.deepEqual(res.body, {
      error: { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Send the request body as UTF-8 application/json.' },
    });
  });

  it('refuses a body over the configured limit (413), saying the limit', async () => {
    const res = await (await asAgent(buildTestApp({ bodyLimitBytes: 64 })))
      .post('/api/v1/resolve')
      .send({ number: '+1 415 555 2671', padding: 'x'.repeat(100) });
    assert.equal(res.status, 413);
    assert.equal(res.headers['content-type'], JSON_TYPE);
    assert.deepEqual(res.body, {
      error: { code: 'PAYLOAD_TOO_LARGE', message: 'The request body is too large; the limit is 64 bytes.' },
    });
  });
});
