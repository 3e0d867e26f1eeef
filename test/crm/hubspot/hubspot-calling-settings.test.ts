import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import nock from 'nock';
import { registerCallingSettings } from '../../../connector/src/crm/hubspot/hubspot-calling-settings.js';
import { parseCallingSettings, type HubSpotCallingSettings } from '../../../connector/src/crm/hubspot/hubspot-calling-settings-schema.js';
import { rejection } from '../crm-test-kit.js';
import { API } from './hubspot-test-kit.js';
import { APP_ID, DEVELOPER_API_KEY, PATH, SETTINGS, TEMPLATE } from './hubspot-calling-fixtures.js';

/** HubSpot's answer for settings: what it holds plus its timestamps. */
function held(settings: Partial<HubSpotCallingSettings> = {}, updatedAt = '2025-03-14T09:30:00Z') {
  return { ...SETTINGS, ...settings, createdAt: '2025-03-14T09:30:00Z', updatedAt };
}

/** An interceptor for the settings path that refuses to match a request carrying an Authorization header. */
function hubspot() {
  return nock(API, { badheaders: ['authorization'] });
}

const register = () => registerCallingSettings({ appId: APP_ID, developerApiKey: DEVELOPER_API_KEY, settings: SETTINGS });

function assertKeyNotIn(error: Error): void {
  assert.ok(!error.message.includes(DEVELOPER_API_KEY), `the key leaked into: ${error.message}`);
  assert.ok(!JSON.stringify(error).includes(DEVELOPER_API_KEY), 'the key leaked into the error object');
  assert.ok(!(error.stack ?? '').includes(DEVELOPER_API_KEY), 'the key leaked into the stack');
}

describe('HubSpot calling settings registration', () => {
  before(() => nock.disableNetConnect());
  after(() => nock.enableNetConnect());
  afterEach(() => nock.cleanAll());

  it('creates the settings with POST when the app has none yet', async () => {
    const api = hubspot()
      .get(PATH)
      .query({ hapikey: DEVELOPER_API_KEY })
      .reply(404, { status: 'error', message: 'Settings not found', correlationId: 'c-1', category: 'OBJECT_NOT_FOUND' })
      .post(PATH, SETTINGS)
      .query({ hapikey: DEVELOPER_API_KEY })
      .reply(200, held());

    const result = await register();

    api.done();
    console.log(`      ${result.action}: GET 404, POST ${Object.keys(SETTINGS).length} fields`);
    assert.equal(result.action, 'created');
    assert.deepEqual(result.settings, held());
  });

  it('sends the whole settings with PATCH when HubSpot holds different ones', async () => {
    const old = held({ url: 'https://old.example.com/widget/', height: 500, supportsInboundCalling: false });
    const api = hubspot()
      .get(PATH)
      .query({ hapikey: DEVELOPER_API_KEY })
      .reply(200, old)
      .patch(PATH, SETTINGS)
      .query({ hapikey: DEVELOPER_API_KEY })
      .reply(200, held({}, '2025-04-01T10:00:00Z'));

    const result = await register();

    api.done();
    console.log(`      ${result.action}: url, height and supportsInboundCalling differed; updatedAt ${result.settings.updatedAt}`);
    assert.equal(result.action, 'updated');
    assert.equal(result.settings.url, SETTINGS.url);
    assert.equal(result.settings.updatedAt, '2025-04-01T10:00:00Z');
  });

  it('writes nothing when HubSpot already holds exactly these settings', async () => {
    const api = hubspot().get(PATH).query({ hapikey: DEVELOPER_API_KEY }).reply(200, held());

    const result = await register();

    api.done();
    console.log(`      ${result.action}: 1 request (GET), no PATCH`);
    assert.equal(result.action, 'unchanged');
    assert.deepEqual(result.settings, held());
  });

  it('treats a field HubSpot leaves out of its answer as different and patches it', async () => {
    const { usesRemote: _dropped, ...older } = held();
    const api = hubspot()
      .get(PATH)
      .query({ hapikey: DEVELOPER_API_KEY })
      .reply(200, older)
      .patch(PATH, SETTINGS)
      .query({ hapikey: DEVELOPER_API_KEY })
      .reply(200, held());

    assert.equal((await register()).action, 'updated');
    api.done();
  });

  it('names HUBSPOT_DEVELOPER_API_KEY on 401, without quoting the key', async () => {
    const api = hubspot()
      .get(PATH)
      .query({ hapikey: DEVELOPER_API_KEY })
      .reply(401, {
        status: 'error',
        message: `The API key provided is invalid. View or manage your API key here: https://app.hubspot.com/l/api-key/ (key ${DEVELOPER_API_KEY})`,
        correlationId: 'c-401',
        category: 'INVALID_AUTHENTICATION',
      });

    const error = await rejection(register());

    api.done();
    console.log(`      ${error.kind}: ${error.message}`);
    assert.equal(error.kind, 'auth');
    assert.deepEqual(error.details, { crm: 'hubspot', status: 401, crmCode: 'INVALID_AUTHENTICATION' });
    assert.match(error.message, /HUBSPOT_DEVELOPER_API_KEY/);
    assert.match(error.message, /The API key provided is invalid/);
    assert.match(error.message, /\[redacted\]/);
    assertKeyNotIn(error);
  });

  it("passes HubSpot's validation message through on 400", async () => {
    const api = hubspot()
      .get(PATH)
      .query({ hapikey: DEVELOPER_API_KEY })
      .reply(404, { status: 'error', message: 'Not found', correlationId: 'c-2', category: 'OBJECT_NOT_FOUND' })
      .post(PATH, SETTINGS)
      .query({ hapikey: DEVELOPER_API_KEY })
      .reply(400, {
        status: 'error',
        message: 'Invalid input JSON on line 1, column 50: url must be a valid URL',
        correlationId: '2d7c8f4e-1b3a-4c5d-9e6f-7a8b9c0d1e2f',
        category: 'VALIDATION_ERROR',
        errors: [{ message: 'height must be less than or equal to 1000', in: 'height' }],
      });

    const error = await rejection(register());

    api.done();
    console.log(`      ${error.kind}: ${error.message}`);
    assert.equal(error.kind, 'bad-request');
    assert.deepEqual(error.details, { crm: 'hubspot', status: 400, crmCode: 'VALIDATION_ERROR' });
    assert.match(error.message, new RegExp(`app ${APP_ID}`));
    assert.match(error.message, /VALIDATION_ERROR: Invalid input JSON on line 1, column 50: url must be a valid URL/);
    assert.match(error.message, /height must be less than or equal to 1000/);
    assertKeyNotIn(error);
  });

  it('says the app does not exist when the create is answered 404', async () => {
    const notFound = { status: 'error', message: 'App not found', correlationId: 'c-3', category: 'OBJECT_NOT_FOUND' };
    const api = hubspot()
      .get(PATH)
      .query({ hapikey: DEVELOPER_API_KEY })
      .reply(404, notFound)
      .post(PATH, SETTINGS)
      .query({ hapikey: DEVELOPER_API_KEY })
      .reply(404, notFound);

    const error = await rejection(register());

    api.done();
    assert.equal(error.kind, 'not-found');
    assert.match(error.message, new RegExp(`no app ${APP_ID}.*--app-id`));
    assertKeyNotIn(error);
  });

  it('maps a refused connection to unavailable, without quoting the key or the URL', async () => {
    const api = hubspot()
      .get(PATH)
      .query({ hapikey: DEVELOPER_API_KEY })
      .replyWithError(
        Object.assign(new Error(`connect ECONNREFUSED for ${API}${PATH}?hapikey=${DEVELOPER_API_KEY}`), { code: 'ECONNREFUSED' }),
      );

    const error = await rejection(register());

    api.done();
    console.log(`      ${error.kind}: ${error.message}`);
    assert.equal(error.kind, 'unavailable');
    assert.match(error.message, /ECONNREFUSED/);
    assert.equal(error.retryable, true);
    assertKeyNotIn(error);
  });

  it('fails when HubSpot accepts a write but answers with other values', async () => {
    const api = hubspot()
      .get(PATH)
      .query({ hapikey: DEVELOPER_API_KEY })
      .reply(200, held({ width: 300 }))
      .patch(PATH, SETTINGS)
      .query({ hapikey: DEVELOPER_API_KEY })
      .reply(200, held({ width: 300 }));

    const error = await rejection(register());

    api.done();
    assert.equal(error.kind, 'bad-response');
    assert.match(error.message, /different width/);
  });

  it('refuses an app id that is not digits before sending anything', async () => {
    const error = await rejection(registerCallingSettings({ appId: '12ab', developerApiKey: DEVELOPER_API_KEY, settings: SETTINGS }));

    assert.equal(error.kind, 'bad-request');
    assert.match(error.message, /app id/);
  });
});

describe('HubSpot calling-extension.json', () => {
  const template = () => JSON.parse(readFileSync(TEMPLATE, 'utf8')) as Record<string, unknown>;

  it('renders, with the example deployment, to the settings the registration sends', () => {
    const rendered = readFileSync(TEMPLATE, 'utf8')
      .replaceAll('{{APP_NAME}}', 'Click-to-Call')
      .replaceAll('{{CONNECTOR_URL}}', 'https://cti.example.com');

    assert.deepEqual(parseCallingSettings(JSON.parse(rendered), TEMPLATE), SETTINGS);
  });

  it('is refused unrendered, naming the placeholders', () => {
    assert.throws(() => parseCallingSettings(template(), TEMPLATE), /still holds \{\{\.\.\.\}\} placeholders/);
  });

  it('refuses a misspelt field, a plain-http widget and a missing inbound flag, listing each', () => {
    const { supportsInboundCalling: _missing, ...rest } = SETTINGS;
    const broken = { ...rest, url: 'http://cti.example.com/widget/', supportInboundCalling: true };

    assert.throws(
      () => parseCallingSettings(broken, 'calling.json'),
      (error: Error) => {
        console.log(`      ${error.message.split('\n').length - 1} problems: ${error.message.split('\n').slice(1).join(' |')}`);
        assert.match(error.message, /url: url must start with https:\/\//);
        assert.match(error.message, /supportsInboundCalling: supportsInboundCalling must be true or false/);
        assert.match(error.message, /supportInboundCalling/);
        return true;
      },
    );
  });
});
