import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError } from '../../connector/src/config/config.js';
import { loadSecretsKey } from '../../connector/src/secrets/secrets-key.js';

describe('secrets key (SECRETS_KEY or DATA_DIR/secrets.key)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'cti-secrets-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('uses SECRETS_KEY when set, and writes no key file', () => {
    const key = randomBytes(32);
    const loaded = loadSecretsKey({ configured: key.toString('base64'), dataDir: dir });
    assert.deepEqual(loaded, { key, source: 'config', file: null });
    assert.throws(() => statSync(path.join(dir, 'secrets.key')), { code: 'ENOENT' });
  });

  it('creates a random 32-byte key file with mode 0600 on first start, in a data folder it creates', () => {
    const dataDir = path.join(dir, 'data');
    const first = loadSecretsKey({ configured: null, dataDir });
    const file = path.join(dataDir, 'secrets.key');
    assert.equal(first.source, 'new-file');
    assert.equal(first.file, file);
    assert.equal(first.key.length, 32);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.equal(readFileSync(file, 'utf8'), `${first.key.toString('base64')}\n`);
  });

  it('reads the same key back on every later start', () => {
    const first = loadSecretsKey({ configured: null, dataDir: dir });
    const second = loadSecretsKey({ configured: null, dataDir: dir });
    assert.equal(second.source, 'file');
    assert.deepEqual(second.key, first.key);
  });

  it('refuses a key file other users can read, saying how to fix it', () => {
    const { file } = loadSecretsKey({ configured: null, dataDir: dir });
    chmodSync(file!, 0o644);
    assert.throws(() => loadSecretsKey({ configured: null, dataDir: dir }), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.equal(error.message, `Invalid configuration: the secrets key file ${file} is readable by other users; run: chmod 600 ${file}`);
      return true;
    });
  });

  it('refuses a key file that does not hold 32 bytes rather than sealing with a weak key', () => {
    const file = path.join(dir, 'secrets.key');
    writeFileSync(file, randomBytes(16).toString('base64'), { mode: 0o600 });
    assert.throws(() => loadSecretsKey({ configured: null, dataDir: dir }), {
      name: 'ConfigError',
      message: `Invalid configuration: ${file} must hold 32 random bytes in base64 (generate them with: openssl rand -base64 32)`,
    });
  });
});
