import assert from 'node:assert/strict';
import { agentFixture } from '../support/agent-fixture.js';
import { createHmac, randomBytes } from 'node:crypto';
import { SecretBox } from '../../connector/src/secrets/secret-box.js';
import { AgentSipAccounts, type SipAccountInput } from '../../connector/src/services/agent-sip-accounts.js';
import { DEFAULT_SOFTPHONE_SETTINGS, type SoftphoneSettings } from '../../connector/src/services/softphone-settings.js';
import { SqliteStore } from '../../connector/src/store/sqlite-store.js';
import type { Agent } from '../../connector/src/store/store.js';

const SECRET = 'autheph-shared-secret-for-tests';
const NOW = Date.UTC(2030, 0, 1, 9, 0, 0);
const SOFTPHONE: SoftphoneSettings = { ...DEFAULT_SOFTPHONE_SETTINGS, sipDomain: 'pbx.example.test', wsServer: 'wss://sip.example.test' };
const MARIA: Agent = agentFixture();
const fields = { username: '1001', authUser: null, domain: null, wsServer: null, displayName: 'Maria' };
const PASSWORD_ACCOUNT: SipAccountInput = { ...fields, kind: 'password', password: 'correct-horse-battery-staple-SIP' };
const EPHEMERAL_ACCOUNT: SipAccountInput = { ...fields, kind: 'ephemeral', password: null };

describe('AgentSipAccounts: password and ephemeral SIP accounts', () => {
  let store: SqliteStore;
  beforeEach(async () => {
    store = SqliteStore.open(':memory:');
    await store.createAgent({ id: 'maria', name: 'Maria', crmUserId: null, disabled: false, tokenHash: 'a'.repeat(64) });
  });
  afterEach(() => store.close());

  const accounts = (ephemeralSecret: string | null = SECRET, softphone = SOFTPHONE) =>
    new AgentSipAccounts({ store, box: new SecretBox(randomBytes(32)), softphone, ephemeralSecret, now: () => NOW });

  describe('setting an account', () => {
    it('refuses a weak password with 422 and the reasons, and stores nothing', async () => {
      await assert.rejects(accounts().put('maria', { ...PASSWORD_ACCOUNT, password: 'secret1001' }), (error: { code: string; details: { reasons: string[] } }) => {
        assert.equal(error.code, 'WEAK_SIP_PASSWORD');
        assert.deepEqual(error.details.reasons, [
          'must be at least 12 characters long',
          'is too easy to guess: it is similar to a commonly used password',
          'must not contain the user name',
        ]);
        return true;
      });
      assert.equal(await store.agentSip('maria'), null);
    });

    it('checks the password against the tenant’s domain when the account names none', () => {
      assert.throws(() => accounts().seal('maria', { ...PASSWORD_ACCOUNT, password: 'my-pbx.example.test-Zebra-Quartz' }), {
        code: 'WEAK_SIP_PASSWORD',
        details: { reasons: ['must not contain the SIP domain'] },
      });
    });

    it('stores an ephemeral account without any password', async () => {
      const stored = await accounts().put('maria', EPHEMERAL_ACCOUNT);
      assert.deepEqual(stored, { kind: 'ephemeral', ...fields, sealedPassword: null });
      assert.deepEqual(await store.agentSip('maria'), stored);
    });

    it('refuses an ephemeral account with 409 EPHEMERAL_SIP_UNAVAILABLE when the connector has no secret to mint with', async () => {
      await assert.rejects(accounts(null).put('maria', EPHEMERAL_ACCOUNT), { code: 'EPHEMERAL_SIP_UNAVAILABLE', status: 409 });
      assert.equal(await store.agentSip('maria'), null);
      assert.equal(accounts(null).ephemeralAvailable, false);
      assert.equal(accounts().ephemeralAvailable, true);
    });

    it('answers AGENT_NOT_FOUND for an agent that does not exist', async () => {
      await assert.rejects(accounts().put('ghost', EPHEMERAL_ACCOUNT), { code: 'AGENT_NOT_FOUND' });
    });
  });

  describe('the admin view', () => {
    it('shows the kind and the values in effect, never a password', async () => {
      const sipAccounts = accounts();
      assert.deepEqual(sipAccounts.view(await sipAccounts.put('maria', EPHEMERAL_ACCOUNT)), {
        kind: 'ephemeral',
        aor: 'sip:1001@pbx.example.test',
        username: '1001',
        authUser: '1001',
        domain: 'pbx.example.test',
        wsServer: 'wss://sip.example.test',
        displayName: 'Maria',
      });
      const view = sipAccounts.view(await sipAccounts.put('maria', PASSWORD_ACCOUNT));
      assert.equal(view.kind, 'password');
      assert.ok(!JSON.stringify(view).includes('correct-horse-battery-staple-SIP'));
    });
  });

  describe("the agent's settings", () => {
    it('mints credentials for an ephemeral account that last until the session can no longer be refreshed', async () => {
      const sipAccounts = accounts();
      await sipAccounts.put('maria', EPHEMERAL_ACCOUNT);
      const refreshUntil = NOW + 8 * 3600_000 + 500;
      const settings = await sipAccounts.settingsFor(MARIA, { refreshUntil });
      const expiry = Math.floor(refreshUntil / 1000);
      assert.deepEqual(settings.sip, {
        aor: 'sip:1001@pbx.example.test',
        authorizationUsername: `${expiry}:1001`,
        authorizationPassword: createHmac('sha1', SECRET).update(`${expiry}:1001`).digest('base64'),
        credentialsExpireAt: new Date(expiry * 1000).toISOString(),
        wsServer: 'wss://sip.example.test',
        displayName: 'Maria',
        callerId: null,
        iceServers: [],
      });
      assert.ok(!JSON.stringify(settings).includes(SECRET), 'the shared secret never leaves the connector');
    });

    it('mints them for 12 hours when no session bounds them', async () => {
      const sipAccounts = accounts();
      await sipAccounts.put('maria', EPHEMERAL_ACCOUNT);
      const settings = await sipAccounts.settingsFor(MARIA);
      assert.equal(settings.sip?.credentialsExpireAt, '2030-01-01T21:00:00.000Z');
    });

    it('mints them for the auth user when the account names one', async () => {
      const sipAccounts = accounts();
      await sipAccounts.put('maria', { ...EPHEMERAL_ACCOUNT, authUser: 'maria.auth' });
      const settings = await sipAccounts.settingsFor(MARIA, { refreshUntil: NOW + 60_000 });
      assert.equal(settings.sip?.authorizationUsername, `${NOW / 1000 + 60}:maria.auth`);
    });

    it('answers no SIP account, rather than credentials that cannot work, once the secret is gone', async () => {
      await accounts().put('maria', EPHEMERAL_ACCOUNT);
      const settings = await accounts(null).settingsFor(MARIA, { refreshUntil: NOW + 60_000 });
      assert.equal(settings.sip, null);
      assert.equal(settings.agent.id, 'maria');
    });

    it('answers no SIP account for an ephemeral account without a WebSocket server', async () => {
      const sipAccounts = accounts(SECRET, { ...SOFTPHONE, wsServer: null });
      await sipAccounts.put('maria', EPHEMERAL_ACCOUNT);
      assert.equal((await sipAccounts.settingsFor(MARIA)).sip, null);
    });

    it('hands a password account its password, with no expiry', async () => {
      const sipAccounts = accounts();
      await sipAccounts.put('maria', PASSWORD_ACCOUNT);
      const settings = await sipAccounts.settingsFor(MARIA, { refreshUntil: NOW + 60_000 });
      assert.equal(settings.sip?.authorizationUsername, '1001');
      assert.equal(settings.sip.authorizationPassword, 'correct-horse-battery-staple-SIP');
      assert.equal('credentialsExpireAt' in settings.sip, false);
    });
  });
});
