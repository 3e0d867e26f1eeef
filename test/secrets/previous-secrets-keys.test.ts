import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { ConfigError } from '../../connector/src/config/config.js';
import { loadPreviousSecretsKeys } from '../../connector/src/secrets/secrets-key.js';

describe('loadPreviousSecretsKeys (SECRETS_PREVIOUS_KEYS during a rotation)', () => {
  it('decodes each former key, in order', () => {
    const keys = [randomBytes(32), randomBytes(32)];
    assert.deepEqual(loadPreviousSecretsKeys(keys.map((k) => k.toString('base64'))), keys);
    assert.deepEqual(loadPreviousSecretsKeys([]), []);
  });

  it('stops start-up naming the key that is not 32 bytes in base64, without echoing it', () => {
    const bad = randomBytes(16).toString('base64');
    assert.throws(
      () => loadPreviousSecretsKeys([randomBytes(32).toString('base64'), bad]),
      (error: unknown) => error instanceof ConfigError && /SECRETS_PREVIOUS_KEYS \(key 2\)/.test(error.message) && !error.message.includes(bad),
    );
  });
});
