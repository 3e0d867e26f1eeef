import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { SecretBox, type SealedSecret } from '../../../connector/src/secrets/secret-box.js';
import { AgentSipAccounts, type SipAccountInput } from '../../../connector/src/services/agent-sip-accounts.js';
import { DEFAULT_SOFTPHONE_SETTINGS } from '../../../connector/src/services/softphone-settings.js';
import type { Store, StoredSipAccount } from '../../../connector/src/store/store.js';
import { agentFixture } from '../../support/agent-fixture.js';
import { describeEachStore } from './store-kinds.js';

const PASSWORD = 'correct-horse-battery-staple-SIP';
const maria = { id: 'maria', name: 'Maria', crmUserId: null, disabled: false, tokenHash: 'a'.repeat(64) };
const input: SipAccountInput = { kind: 'password', username: '1001', password: PASSWORD, authUser: null, domain: null, wsServer: null, displayName: 'Maria' };
const ACCOUNT_BASE = { username: '1001', domain: null, authUser: null, displayName: null, wsServer: null };
const softphone = { ...DEFAULT_SOFTPHONE_SETTINGS, wsServer: 'wss://sip.example.test' };

describeEachStore('agents’ SIP accounts', (open) => {
  let store: Store;
  beforeEach(async () => {
    store = await open();
  });

  it('opens a sealed password with the key it was sealed under, and not with another', async () => {
    const key = randomBytes(32);
    await store.createAgent({ ...maria, sip: new AgentSipAccounts({ store, box: new SecretBox(key), softphone }).seal('maria', input) });
    const settings = await new AgentSipAccounts({ store, box: new SecretBox(key), softphone }).settingsFor(agentFixture());
    assert.equal(settings.sip?.authorizationPassword, PASSWORD);
    await assert.rejects(new AgentSipAccounts({ store, box: new SecretBox(randomBytes(32)), softphone }).settingsFor(agentFixture()), { code: 'SIP_PASSWORD_UNREADABLE' });
  });

  it('stores an ephemeral account with no password at all', async () => {
    const accounts = new AgentSipAccounts({ store, box: new SecretBox(randomBytes(32)), softphone: DEFAULT_SOFTPHONE_SETTINGS, ephemeralSecret: 'shared-with-kamailio' });
    await store.createAgent({ ...maria, sip: accounts.seal('maria', { ...input, kind: 'ephemeral', password: null }) });
    assert.deepEqual(await store.agentSip('maria'), { kind: 'ephemeral', username: '1001', domain: null, authUser: null, sealedPassword: null, displayName: 'Maria', wsServer: null });
    assert.deepEqual(await store.sealedSipPasswords(), [], 'nothing to re-seal after a key rotation');
  });

  it('refuses a password account without a sealed password, and an ephemeral one with one', async () => {
    await store.createAgent(maria);
    const box = new SecretBox(randomBytes(32));
    const base = { username: '1001', domain: null, authUser: null, displayName: null, wsServer: null };
    await assert.rejects(store.setAgentSip('maria', { ...base, kind: 'password', sealedPassword: null }), /check constraint/i);
    await assert.rejects(store.setAgentSip('maria', { ...base, kind: 'ephemeral', sealedPassword: box.seal('x', 'y') }), /check constraint/i);
    assert.equal(await store.agentSip('maria'), null);
  });

  it('does not open a password sealed for one agent when it is copied to another', async () => {
    const accounts = new AgentSipAccounts({ store, box: new SecretBox(randomBytes(32)), softphone });
    await store.createAgent({ ...maria, sip: accounts.seal('maria', input) });
    await store.createAgent({ ...maria, id: 'omar', tokenHash: 'b'.repeat(64), sip: await store.agentSip('maria') });
    await assert.rejects(accounts.settingsFor(agentFixture({ id: 'omar' })), { code: 'SIP_PASSWORD_UNREADABLE' });
  });

  it('sets, replaces and removes an account, and refuses one for an agent that does not exist', async () => {
    const box = new SecretBox(randomBytes(32));
    await store.createAgent(maria);
    const sealed = (password: string): StoredSipAccount => ({
      kind: 'password',
      username: '1001',
      domain: 'pbx.example.test',
      authUser: 'auth-1001',
      sealedPassword: box.seal(password, 'x'),
      displayName: null,
      wsServer: 'wss://sip.example.test',
    });
    const first = sealed('one');
    assert.equal(await store.setAgentSip('maria', first), true);
    assert.deepEqual(await store.agentSip('maria'), first);
    const second: StoredSipAccount = { ...sealed('two'), domain: null, authUser: null, wsServer: null };
    assert.equal(await store.setAgentSip('maria', second), true);
    assert.deepEqual(await store.agentSip('maria'), second);
    const ephemeral: StoredSipAccount = { ...second, kind: 'ephemeral', sealedPassword: null };
    assert.equal(await store.setAgentSip('maria', ephemeral), true);
    assert.deepEqual(await store.agentSip('maria'), ephemeral);
    assert.equal(await store.setAgentSip('maria', null), true);
    assert.equal(await store.agentSip('maria'), null);
    assert.equal(await store.setAgentSip('ghost', first), false);
    assert.equal(await store.agentSip('ghost'), null);
  });

  it('creates an agent and its account together or not at all', async () => {
    const bad: StoredSipAccount = { kind: 'password', username: '1001', domain: null, authUser: null, sealedPassword: 'plaintext!' as SealedSecret, displayName: null, wsServer: null };
    await assert.rejects(store.createAgent({ ...maria, sip: bad }), /check constraint/i);
    assert.equal(await store.agentById('maria'), null, 'the agent was rolled back with its refused account');
  });

  it('lists the sealed passwords by agent, and re-seals one only while it is still the one read', async () => {
    const box = new SecretBox(randomBytes(32));
    const account = (agentId: string): StoredSipAccount => ({ ...ACCOUNT_BASE, kind: 'password', sealedPassword: box.seal(PASSWORD, `agent-sip:${agentId}`) });
    await store.createAgent({ ...maria, id: 'omar', tokenHash: 'b'.repeat(64), sip: account('omar') });
    await store.createAgent({ ...maria, sip: account('maria') });
    await store.createAgent({ ...maria, id: 'li', tokenHash: 'c'.repeat(64), sip: { ...ACCOUNT_BASE, kind: 'ephemeral', sealedPassword: null } });
    const listed = await store.sealedSipPasswords();
    assert.deepEqual(listed.map((p) => p.agentId), ['maria', 'omar']);
    const [mine] = listed;
    const replacement = box.seal(PASSWORD, 'agent-sip:maria');
    assert.equal(await store.resealSipPassword('maria', mine!.sealedPassword, replacement), true);
    assert.equal(await store.resealSipPassword('maria', mine!.sealedPassword, box.seal('stale', 'agent-sip:maria')), false, 'changed meanwhile: the newer value wins');
    assert.equal((await store.agentSip('maria'))?.sealedPassword, replacement);
  });
});
