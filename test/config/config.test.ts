import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from '../../connector/src/config/config.js';
import { configSchema } from '../../connector/src/config/config-schema.js';

function failure(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected ConfigError, got ${String(error)}`);
    assert.ok(!error.message.includes('\n'), 'the message is one line');
    return error.message;
  }
  assert.fail('expected the configuration to be refused');
}

describe('configuration', () => {
  it('starts on embedded defaults: port 3000 on loopback, the demo CRM, data under ./data', () => {
    const config = loadConfig({});
    assert.equal(config.port, 3000);
    assert.equal(config.host, '127.0.0.1');
    assert.equal(config.crm.kind, 'demo');
    assert.equal(config.dataDir, path.resolve('data'));
    assert.deepEqual(config.dialPlan, {
      sipDomain: 'pbx.demo.test',
      defaultRegion: 'US',
      userPhone: true,
      outboundPrefix: '',
      internalExtensionLength: { min: 2, max: 5 },
    });
    assert.deepEqual(config.callPolicy, { allowedCountries: null, blockPremiumRate: true, blockSharedCost: true });
    assert.equal(config.bodyLimitBytes, 100 * 1024);
  });

  it('is frozen, so no part of the connector can change it after start', () => {
    const config = loadConfig({});
    assert.ok(Object.isFrozen(config));
    assert.ok(Object.isFrozen(config.dialPlan));
    assert.ok(Object.isFrozen(config.dialPlan.internalExtensionLength));
  });

  it('reads every documented setting', () => {
    const config = loadConfig({
      PORT: '8080',
      HOST: '0.0.0.0',
      DATA_DIR: '/var/lib/cti',
      LOG_LEVEL: 'debug',
      SIP_DOMAIN: 'PBX.Example.com',
      SIP_USER_PHONE: 'false',
      SIP_OUTBOUND_PREFIX: '9',
      INTERNAL_EXTENSION_LENGTH: '3-4',
      DEFAULT_REGION: 'gb',
      ALLOWED_COUNTRIES: 'gb, ie,FR',
      BLOCK_PREMIUM_RATE: 'no',
      BLOCK_SHARED_COST: '0',
      BODY_LIMIT_KB: '10',
      CRM_ORIGINS: 'https://acme.lightning.force.com, https://acme--uat.sandbox.lightning.force.com',
    });
    assert.equal(config.port, 8080);
    assert.equal(config.host, '0.0.0.0');
    assert.equal(config.dataDir, '/var/lib/cti');
    assert.equal(config.logLevel, 'debug');
    assert.deepEqual(config.dialPlan, {
      sipDomain: 'pbx.example.com',
      defaultRegion: 'GB',
      userPhone: false,
      outboundPrefix: '9',
      internalExtensionLength: { min: 3, max: 4 },
    });
    assert.deepEqual(config.callPolicy, { allowedCountries: ['GB', 'IE', 'FR'], blockPremiumRate: false, blockSharedCost: false });
    assert.equal(config.bodyLimitBytes, 10 * 1024);
    assert.deepEqual(config.crmOrigins, ['https://acme.lightning.force.com', 'https://acme--uat.sandbox.lightning.force.com']);
  });

  it('treats empty values as unset, as env-file templates leave them', () => {
    assert.equal(loadConfig({ PORT: '', CRM: '  ' }).port, 3000);
  });

  const refusals: [string, Record<string, string>, RegExp][] = [
    ['a port that is not a number', { PORT: 'abc' }, /^Invalid configuration: PORT must be a whole number from 0 to 65535 \(got "abc"\)$/],
    ['a port out of range', { PORT: '70000' }, /PORT must be a whole number from 0 to 65535/],
    ['an unknown CRM', { CRM: 'zoho' }, /^Invalid configuration: CRM must be demo, salesforce or hubspot \(got "zoho"\)$/],
    ['a SIP domain with a user part', { SIP_DOMAIN: 'evil@pbx.example.com' }, /SIP_DOMAIN must be a bare host name/],
    ['a SIP domain with a port', { SIP_DOMAIN: 'pbx.example.com:5060' }, /SIP_DOMAIN must be a bare host name/],
    ['a prefix with letters', { SIP_OUTBOUND_PREFIX: '9a' }, /SIP_OUTBOUND_PREFIX must be up to 8 digits/],
    ['an unknown region', { DEFAULT_REGION: 'XX' }, /DEFAULT_REGION must be a country the phone-number library knows/],
    ['a region that is not two letters', { DEFAULT_REGION: 'USA' }, /DEFAULT_REGION must be a two-letter ISO country code/],
    ['a malformed country list', { ALLOWED_COUNTRIES: 'US;GB' }, /ALLOWED_COUNTRIES must be \* \(any country\) or a comma-separated list/],
    ['an unknown country in the list', { ALLOWED_COUNTRIES: 'US,ZZ' }, /ALLOWED_COUNTRIES must list only countries/],
    ['a reversed extension range', { INTERNAL_EXTENSION_LENGTH: '5-2' }, /INTERNAL_EXTENSION_LENGTH must be a range such as 2-5/],
    ['a boolean that is not one', { SIP_USER_PHONE: 'maybe' }, /SIP_USER_PHONE must be true or false/],
    ['an unknown log level', { LOG_LEVEL: 'verbose' }, /LOG_LEVEL must be one of/],
    ['a CORS origin with a path', { CRM_ORIGINS: 'https://acme.lightning.force.com/lightning' }, /CRM_ORIGINS must be a comma-separated list of origins/],
    ['a wildcard CORS origin', { CRM_ORIGINS: '*' }, /CRM_ORIGINS must be a comma-separated list of origins/],
    ['a plain-http public URL on the internet', { PUBLIC_URL: 'http://cti.example.com' }, /PUBLIC_URL must start with https:\/\//],
    ['a plain-http CORS origin', { CRM_ORIGINS: 'http://acme.example.com' }, /CRM_ORIGINS must be a comma-separated list of origins/],
    ['a plain-http Salesforce login URL', { SF_LOGIN_URL: 'http://login.salesforce.com' }, /SF_LOGIN_URL must start with https:\/\//],
    ['HubSpot without credentials', { CRM: 'hubspot' }, /CRM=hubspot needs HUBSPOT_ACCESS_TOKEN \(private app\) or all of/],
    ['HubSpot with half an OAuth setup', { CRM: 'hubspot', HUBSPOT_CLIENT_ID: 'id' }, /CRM=hubspot needs HUBSPOT_ACCESS_TOKEN/],
    ['HubSpot with both auth modes', { CRM: 'hubspot', HUBSPOT_ACCESS_TOKEN: 'pat', HUBSPOT_REFRESH_TOKEN: 'rt' }, /must not be set together/],
    ['a short admin token', { ADMIN_TOKEN: 'short' }, /^Invalid configuration: ADMIN_TOKEN must be 32 to 512 letters/],
    ['an admin token no Authorization header can carry', { ADMIN_TOKEN: 'correct horse battery staple admin token!!' }, /ADMIN_TOKEN must be 32 to 512 letters, digits or/],
    ['a Call-ID field that is not custom', { SF_CALL_ID_FIELD: 'Subject' }, /SF_CALL_ID_FIELD must be the API name of a custom field/],
    ['Salesforce without a consumer key', { CRM: 'salesforce' }, /SF_CLIENT_ID must be set when CRM=salesforce/],
    ['Salesforce without any login', { CRM: 'salesforce', SF_CLIENT_ID: 'key' }, /CRM=salesforce needs SF_USERNAME with SF_PRIVATE_KEY_FILE/],
    ['a JWT login without a key file', { CRM: 'salesforce', SF_CLIENT_ID: 'key', SF_USERNAME: 'cti@example.com' }, /SF_PRIVATE_KEY_FILE must be set with SF_USERNAME/],
    ['a missing key file', { CRM: 'salesforce', SF_CLIENT_ID: 'k', SF_USERNAME: 'cti@example.com', SF_PRIVATE_KEY_FILE: '/nonexistent/key.pem' }, /SF_PRIVATE_KEY_FILE must be a readable file/],
  ];
  for (const [what, env, expected] of refusals) {
    it(`stops start-up with one line naming the setting for ${what}`, () => {
      assert.match(failure(env), expected);
    });
  }

  it('never echoes a secret setting back in its error', () => {
    const message = failure({ CRM: 'salesforce', SF_CLIENT_ID: 'k', SF_REFRESH_TOKEN: 'x', SF_CLIENT_SECRET: 'sekret', SF_LOGIN_URL: 'ftp://x' });
    assert.doesNotMatch(message, /sekret/);
  });

  describe('PostgreSQL for several instances', () => {
    const key = Buffer.alloc(32, 7).toString('base64');

    it('keeps the embedded SQLite store unless DATABASE_URL is set', () => {
      assert.equal(loadConfig({}).databaseUrl, null);
      const config = loadConfig({ DATABASE_URL: 'postgres://cti:pw@db.example.com:5432/cti', SECRETS_KEY: key, DATABASE_SCHEMA: 'tenant_a' });
      assert.equal(config.databaseUrl, 'postgres://cti:pw@db.example.com:5432/cti');
      assert.equal(config.databaseSchema, 'tenant_a');
      assert.equal(config.databasePoolSize, 10);
      assert.equal(config.outbox.leaseMs, 30_000);
    });

    it('refuses DATABASE_URL without SECRETS_KEY: every instance must open the same sealed passwords and sessions', () => {
      assert.match(failure({ DATABASE_URL: 'postgres://cti@db.example.com/cti' }), /SECRETS_KEY must be set with DATABASE_URL/);
    });

    it('refuses a URL that is not PostgreSQL’s, without echoing it (it may hold a password)', () => {
      const message = failure({ DATABASE_URL: 'mysql://cti:hunter2@db.example.com/cti', SECRETS_KEY: key });
      assert.match(message, /^Invalid configuration: DATABASE_URL must be a PostgreSQL URL/);
      assert.doesNotMatch(message, /hunter2/);
    });

    it('refuses a schema name that would need quoting, and a lease too short for a CRM request', () => {
      assert.match(failure({ DATABASE_SCHEMA: 'Tenant-A' }), /DATABASE_SCHEMA must be a PostgreSQL schema name/);
      assert.match(failure({ OUTBOX_LEASE_MS: '100' }), /OUTBOX_LEASE_MS/);
    });

    it('refuses a CRM timeout longer than half the outbox lease: a request must end well within the claim on its logs', () => {
      assert.equal(
        failure({ CRM_TIMEOUT_MS: '20000', OUTBOX_LEASE_MS: '30000' }),
        'Invalid configuration: CRM_TIMEOUT_MS (20000) must be at most half of OUTBOX_LEASE_MS (30000), so one CRM request always ends well within the lease on the call logs it sends',
      );
      assert.match(failure({ OUTBOX_LEASE_MS: '10000' }), /CRM_TIMEOUT_MS \(10000\) must be at most half of OUTBOX_LEASE_MS \(10000\)/, 'the default timeout too');
      const config = loadConfig({ CRM_TIMEOUT_MS: '15000', OUTBOX_LEASE_MS: '30000' });
      assert.equal(config.outbox.crmTimeoutMs, 15_000, 'the worker is told the timeout');
    });
  });

  describe('Salesforce logins', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(path.join(tmpdir(), 'cti-config-'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('takes the JWT bearer flow with a PKCS#1 key, as Salesforce’s guide generates, converted to PKCS#8', () => {
      const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
      const file = path.join(dir, 'server.key');
      writeFileSync(file, privateKey);
      const config = loadConfig({ CRM: 'salesforce', SF_CLIENT_ID: 'key', SF_USERNAME: 'cti@example.com', SF_PRIVATE_KEY_FILE: file, SF_LOGIN_URL: 'https://test.salesforce.com/' });
      assert.equal(config.crm.kind, 'salesforce');
      if (config.crm.kind !== 'salesforce') return;
      assert.equal(config.crm.settings.loginUrl, 'https://test.salesforce.com');
      assert.equal(config.crm.settings.auth.flow, 'jwt');
      if (config.crm.settings.auth.flow !== 'jwt') return;
      assert.match(config.crm.settings.auth.privateKeyPem, /^-----BEGIN PRIVATE KEY-----/);
    });

    it('refuses a key file that holds no private key, without quoting it', () => {
      const file = path.join(dir, 'cert.pem');
      writeFileSync(file, 'not a key at all');
      const message = failure({ CRM: 'salesforce', SF_CLIENT_ID: 'k', SF_USERNAME: 'cti@example.com', SF_PRIVATE_KEY_FILE: file });
      assert.match(message, /SF_PRIVATE_KEY_FILE must hold an unencrypted PEM private key/);
      assert.doesNotMatch(message, /not a key at all/);
    });

    it('lets the widget page load Open CTI from loopback only against a loopback Salesforce stand-in', () => {
      const standIn = loadConfig({ CRM: 'salesforce', SF_CLIENT_ID: 'key', SF_REFRESH_TOKEN: 'rt', SF_LOGIN_URL: 'http://127.0.0.1:4010' });
      assert.equal(standIn.loopbackSalesforce, true);
      const real = loadConfig({ CRM: 'salesforce', SF_CLIENT_ID: 'key', SF_REFRESH_TOKEN: 'rt' });
      assert.equal(real.loopbackSalesforce, false);
      assert.equal(loadConfig({ SF_LOGIN_URL: 'http://127.0.0.1:4010' }).loopbackSalesforce, false, 'not with another CRM');
    });

    it('takes the refresh-token flow, with or without a consumer secret', () => {
      const config = loadConfig({ CRM: 'salesforce', SF_CLIENT_ID: 'key', SF_REFRESH_TOKEN: 'rt' });
      assert.ok(config.crm.kind === 'salesforce');
      assert.deepEqual(config.crm.settings.auth, { flow: 'refresh-token', refreshToken: 'rt', clientSecret: null });
    });
  });

  it('takes a private-app HubSpot token, and plain http only to a local stand-in', () => {
    const config = loadConfig({ CRM: 'hubspot', HUBSPOT_ACCESS_TOKEN: 'pat-na1-x', HUBSPOT_API_BASE_URL: 'http://127.0.0.1:9999/' });
    assert.ok(config.crm.kind === 'hubspot');
    assert.equal(config.crm.settings.apiBaseUrl, 'http://127.0.0.1:9999');
    assert.deepEqual(config.crm.settings.auth, { kind: 'private-app', accessToken: 'pat-na1-x' });
    assert.match(failure({ CRM: 'hubspot', HUBSPOT_ACCESS_TOKEN: 'x', HUBSPOT_API_BASE_URL: 'http://api.example.com' }), /HUBSPOT_API_BASE_URL must start with https:\/\//);
  });

  it('never echoes a HubSpot or admin secret in its error', () => {
    assert.doesNotMatch(failure({ ADMIN_TOKEN: 'tiny-secret' }), /tiny-secret/);
  });

  it('is documented setting by setting in the README configuration table', () => {
    const readme = readFileSync(path.resolve('README.md'), 'utf8');
    for (const name of Object.keys(configSchema.shape)) {
      assert.match(readme, new RegExp(`^\\| \`${name}\` \\|`, 'm'), `README documents ${name}`);
    }
  });
});
