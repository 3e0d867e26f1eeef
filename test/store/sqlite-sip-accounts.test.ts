import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { SecretBox } from '../../connector/src/secrets/secret-box.js';
import { AgentSipAccounts } from '../../connector/src/services/agent-sip-accounts.js';
import { DEFAULT_SOFTPHONE_SETTINGS } from '../../connector/src/services/softphone-settings.js';
import { SQLITE_MIGRATIONS } from '../../connector/src/store/sqlite-migrations.js';
import { SqliteStore } from '../../connector/src/store/sqlite-store.js';

const PASSWORD = 'correct-horse-battery-staple-SIP';
const maria = { id: 'maria', name: 'Maria', crmUserId: null, disabled: false, tokenHash: 'a'.repeat(64) };
const input = { username: '1001', password: PASSWORD, authUser: null, domain: null, wsServer: null, displayName: 'Maria' };

describe('SQLite store: agents’ SIP accounts (migration 3)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'cti-sip-store-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('upgrades a version-2 database in place, keeping its agents, who start without a SIP account', async () => {
    const file = path.join(dir, 'connector.sqlite');
    const v2 = SqliteStore.open(file, SQLITE_MIGRATIONS.filter((m) => m.version <= 2));
    await v2.createAgent(maria);
    assert.equal(await v2.schemaVersion(), 2);
    await v2.close();

    const v3 = SqliteStore.open(file);
    assert.equal(await v3.schemaVersion(), 3);
    assert.deepEqual(await v3.agentById('maria'), { id: 'maria', name: 'Maria', crmUserId: null, disabled: false });
    assert.equal(await v3.agentSip('maria'), null);
    await v3.close();
  });

  it('keeps the password only sealed: the database file never holds the plaintext', async () => {
    const file = path.join(dir, 'connector.sqlite');
    const store = SqliteStore.open(file);
    const accounts = new AgentSipAccounts({ store, box: new SecretBox(randomBytes(32)), softphone: DEFAULT_SOFTPHONE_SETTINGS });
    await store.createAgent({ ...maria, sip: accounts.seal('maria', input) });
    await store.createAgent({ ...maria, id: 'omar', tokenHash: 'b'.repeat(64) });
    await accounts.put('omar', { ...input, username: '1002' });
    const stored = (await store.agentSip('maria'))!;
    assert.match(stored.sealedPassword, /^v1:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]{22}:[A-Za-z0-9_-]+$/);
    await store.close();

    for (const f of [file, `${file}-wal`]) {
      if (!existsSync(f)) continue;
      const bytes = readFileSync(f);
      for (const encoding of ['utf8', 'utf16le'] as const) {
        assert.equal(bytes.indexOf(Buffer.from(PASSWORD, encoding)), -1, `${path.basename(f)} holds the password (${encoding})`);
      }
    }
    const db = new Database(file, { readonly: true });
    const rows = db.prepare('SELECT agent_id, username, password_sealed FROM agent_sip_accounts ORDER BY agent_id').all() as { agent_id: string; username: string; password_sealed: string }[];
    db.close();
    assert.deepEqual(rows.map((r) => [r.agent_id, r.username]), [['maria', '1001'], ['omar', '1002']]);
    assert.notEqual(rows[0]!.password_sealed, rows[1]!.password_sealed, 'the same password seals differently each time');
  });

  it('opens a sealed password after a restart with the same key, and not with another', async () => {
    const file = path.join(dir, 'connector.sqlite');
    const key = randomBytes(32);
    const first = SqliteStore.open(file);
    await first.createAgent({ ...maria, sip: new AgentSipAccounts({ store: first, box: new SecretBox(key), softphone: DEFAULT_SOFTPHONE_SETTINGS }).seal('maria', input) });
    await first.close();

    const softphone = { ...DEFAULT_SOFTPHONE_SETTINGS, wsServer: 'wss://sip.example.test' };
    const again = SqliteStore.open(file);
    const settings = await new AgentSipAccounts({ store: again, box: new SecretBox(key), softphone }).settingsFor(maria);
    assert.equal(settings.sip?.authorizationPassword, PASSWORD);
    await assert.rejects(new AgentSipAccounts({ store: again, box: new SecretBox(randomBytes(32)), softphone }).settingsFor(maria), { code: 'SIP_PASSWORD_UNREADABLE' });
    await again.close();
  });

  it('does not open a password sealed for one agent when it is copied to another', async () => {
    const store = SqliteStore.open(':memory:');
    const accounts = new AgentSipAccounts({ store, box: new SecretBox(randomBytes(32)), softphone: { ...DEFAULT_SOFTPHONE_SETTINGS, wsServer: 'wss://sip.example.test' } });
    const omar = { ...maria, id: 'omar', tokenHash: 'b'.repeat(64) };
    await store.createAgent({ ...maria, sip: accounts.seal('maria', input) });
    await store.createAgent({ ...omar, sip: await store.agentSip('maria') });
    await assert.rejects(accounts.settingsFor(omar), { code: 'SIP_PASSWORD_UNREADABLE' });
    await store.close();
  });

  it('sets, replaces and removes an account, and refuses one for an agent that does not exist', async () => {
    const store = SqliteStore.open(':memory:');
    const box = new SecretBox(randomBytes(32));
    await store.createAgent(maria);
    const sealed = (password: string) => ({ username: '1001', domain: 'pbx.example.test', authUser: 'auth-1001', sealedPassword: box.seal(password, 'x'), displayName: null, wsServer: 'wss://sip.example.test' });
    const first = sealed('one');
    assert.equal(await store.setAgentSip('maria', first), true);
    assert.deepEqual(await store.agentSip('maria'), first);
    const second = { ...sealed('two'), domain: null, authUser: null, wsServer: null };
    assert.equal(await store.setAgentSip('maria', second), true);
    assert.deepEqual(await store.agentSip('maria'), second);
    assert.equal(await store.setAgentSip('maria', null), true);
    assert.equal(await store.agentSip('maria'), null);
    assert.equal(await store.setAgentSip('ghost', first), false);
    assert.equal(await store.agentSip('ghost'), null);
    await store.close();
  });

  it('creates an agent and its account together or not at all', async () => {
    const store = SqliteStore.open(':memory:');
    const bad = { username: '1001', domain: null, authUser: null, sealedPassword: 'plaintext!' as never, displayName: null, wsServer: null };
    await assert.rejects(store.createAgent({ ...maria, sip: bad }), /CHECK constraint failed/);
    assert.equal(await store.agentById('maria'), null, 'the agent was rolled back with its refused account');
    await store.close();
  });
});
