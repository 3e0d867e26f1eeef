import assert from 'node:assert/strict';
import { agentFixture } from '../support/agent-fixture.js';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { SecretBox } from '../../connector/src/secrets/secret-box.js';
import { AgentSipAccounts, type SipAccountInput } from '../../connector/src/services/agent-sip-accounts.js';
import { DEFAULT_SOFTPHONE_SETTINGS } from '../../connector/src/services/softphone-settings.js';
import { SQLITE_MIGRATIONS } from '../../connector/src/store/sqlite-migrations.js';
import { SqliteStore } from '../../connector/src/store/sqlite-store.js';
import type { Agent } from '../../connector/src/store/store.js';

const PASSWORD = 'correct-horse-battery-staple-SIP';
const maria = { id: 'maria', name: 'Maria', crmUserId: null, disabled: false, tokenHash: 'a'.repeat(64) };
const mariaAgent: Agent = agentFixture();
const input: SipAccountInput = { kind: 'password', username: '1001', password: PASSWORD, authUser: null, domain: null, wsServer: null, displayName: 'Maria' };
const latest = Math.max(...SQLITE_MIGRATIONS.map((m) => m.version));

describe('SQLite store: agents’ SIP accounts', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'cti-sip-store-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('upgrades a version-3 database in place: its SIP accounts become password accounts that still open', async () => {
    const file = path.join(dir, 'connector.sqlite');
    const key = randomBytes(32);
    const legacy = legacySeal(key, 'sip-Password-from-v3-days', 'agent-sip:maria');
    (await SqliteStore.open(file, SQLITE_MIGRATIONS.filter((m) => m.version <= 3)).close());
    const db = new Database(file);
    db.prepare("INSERT INTO agents (id, name, crm_user_id, token_hash, disabled, created_at) VALUES ('maria', 'Maria', NULL, ?, 0, '2024-01-01T00:00:00Z')").run('a'.repeat(64));
    db.prepare("INSERT INTO agent_sip_accounts (agent_id, username, domain, auth_user, password_sealed, display_name, ws_server, updated_at) VALUES ('maria', '1001', NULL, NULL, ?, 'Maria', NULL, '2024-01-01T00:00:00Z')").run(legacy);
    db.close();

    const upgraded = SqliteStore.open(file);
    assert.equal(await upgraded.schemaVersion(), latest);
    assert.deepEqual(await upgraded.agentSip('maria'), {
      kind: 'password',
      username: '1001',
      domain: null,
      authUser: null,
      sealedPassword: legacy,
      displayName: 'Maria',
      wsServer: null,
    });
    const softphone = { ...DEFAULT_SOFTPHONE_SETTINGS, wsServer: 'wss://sip.example.test' };
    const settings = await new AgentSipAccounts({ store: upgraded, box: new SecretBox(key), softphone }).settingsFor(mariaAgent);
    assert.equal(settings.sip?.authorizationPassword, 'sip-Password-from-v3-days');
    await upgraded.close();
  });

  it('keeps the password only sealed: the database file never holds the plaintext', async () => {
    const file = path.join(dir, 'connector.sqlite');
    const store = SqliteStore.open(file);
    const accounts = new AgentSipAccounts({ store, box: new SecretBox(randomBytes(32)), softphone: DEFAULT_SOFTPHONE_SETTINGS });
    await store.createAgent({ ...maria, sip: accounts.seal('maria', input) });
    await store.createAgent({ ...maria, id: 'omar', tokenHash: 'b'.repeat(64) });
    await accounts.put('omar', { ...input, username: '1002' });
    const stored = (await store.agentSip('maria'))!;
    assert.match(stored.sealedPassword ?? '', /^v2:[0-9a-f]{16}:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]{22}:[A-Za-z0-9_-]+$/);
    await store.close();

    for (const f of [file, `${file}-wal`]) {
      if (!existsSync(f)) continue;
      const bytes = readFileSync(f);
      for (const encoding of ['utf8', 'utf16le'] as const) {
        assert.equal(bytes.indexOf(Buffer.from(PASSWORD, encoding)), -1, `${path.basename(f)} holds the password (${encoding})`);
      }
    }
    const db = new Database(file, { readonly: true });
    const rows = db.prepare('SELECT agent_id, kind, username, password_sealed FROM agent_sip_accounts ORDER BY agent_id').all() as { agent_id: string; kind: string; username: string; password_sealed: string }[];
    db.close();
    assert.deepEqual(rows.map((r) => [r.agent_id, r.kind, r.username]), [['maria', 'password', '1001'], ['omar', 'password', '1002']]);
    assert.notEqual(rows[0]!.password_sealed, rows[1]!.password_sealed, 'the same password seals differently each time');
  });

  it('opens a sealed password after the store is closed and opened again with the same key', async () => {
    const file = path.join(dir, 'connector.sqlite');
    const key = randomBytes(32);
    const first = SqliteStore.open(file);
    await first.createAgent({ ...maria, sip: new AgentSipAccounts({ store: first, box: new SecretBox(key), softphone: DEFAULT_SOFTPHONE_SETTINGS }).seal('maria', input) });
    await first.close();

    const softphone = { ...DEFAULT_SOFTPHONE_SETTINGS, wsServer: 'wss://sip.example.test' };
    const again = SqliteStore.open(file);
    const settings = await new AgentSipAccounts({ store: again, box: new SecretBox(key), softphone }).settingsFor(mariaAgent);
    assert.equal(settings.sip?.authorizationPassword, PASSWORD);
    await again.close();
  });
});

/** A value sealed in the v1 format of schema version 3 (`v1:<iv>:<tag>:<ciphertext>`), as an old connector wrote it. */
function legacySeal(key: Buffer, plaintext: string, context: string): string {
  const sealed = new SecretBox(key).seal(plaintext, context).split(':');
  return ['v1', ...sealed.slice(2)].join(':');
}
