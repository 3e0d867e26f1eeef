import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../config/config.js';
import { decodeSecretsKey, SECRETS_KEY_BYTES } from './secrets-key-text.js';

/** The name of the key file the connector creates in `DATA_DIR` when `SECRETS_KEY` is not set. */
export const SECRETS_KEY_FILE = 'secrets.key';

/** Where the key came from, so start-up can log it (never the key itself). */
export type SecretsKeySource = 'config' | 'file' | 'new-file';

/**
 * The key that seals secrets at rest: `SECRETS_KEY` when configured (base64 of 32 bytes, checked by the config), or
 * else `<dataDir>/secrets.key`, created on first start with 32 random bytes and mode 0600.
 *
 * Promises: the same key on every start with the same settings; a key file readable by group or others, or not
 * holding 32 bytes, stops start-up with a {@link ConfigError} saying what to do, rather than sealing with a weak key.
 * Losing the key file makes every sealed secret unreadable: back it up with the data folder, or set `SECRETS_KEY`.
 */
export function loadSecretsKey(args: { configured: string | null; dataDir: string }): { key: Buffer; source: SecretsKeySource; file: string | null } {
  if (args.configured !== null) return { key: decodeKey(args.configured, 'SECRETS_KEY'), source: 'config', file: null };
  mkdirSync(args.dataDir, { recursive: true });
  const file = path.join(args.dataDir, SECRETS_KEY_FILE);
  const created = createKeyFile(file);
  if (created) return { key: created, source: 'new-file', file };
  return { key: readKeyFile(file), source: 'file', file };
}

/** The new key, or null when the file exists already (another start made it first). */
function createKeyFile(file: string): Buffer | null {
  const key = randomBytes(SECRETS_KEY_BYTES);
  try {
    // 'wx' fails if the file exists, so two starts racing never overwrite each other's key.
    writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return null;
    throw new ConfigError(`Invalid configuration: cannot create the secrets key file ${file} (${(error as Error).message}); check DATA_DIR or set SECRETS_KEY`);
  }
}

function readKeyFile(file: string): Buffer {
  if (process.platform !== 'win32' && (statSync(file).mode & 0o077) !== 0) {
    throw new ConfigError(`Invalid configuration: the secrets key file ${file} is readable by other users; run: chmod 600 ${file}`);
  }
  return decodeKey(readFileSync(file, 'utf8').trim(), file);
}

function decodeKey(text: string, where: string): Buffer {
  const key = decodeSecretsKey(text);
  if (!key) {
    throw new ConfigError(`Invalid configuration: ${where} must hold 32 random bytes in base64 (generate them with: openssl rand -base64 32)`);
  }
  return key;
}

/**
 * The former keys of a rotation (`SECRETS_PREVIOUS_KEYS`), decoded: they still open what they sealed and verify the
 * session tokens they signed, but never seal or sign anything new. The config has checked each already; one that is
 * not 32 bytes in base64 stops start-up all the same.
 */
export function loadPreviousSecretsKeys(previous: readonly string[]): Buffer[] {
  return previous.map((text, index) => decodeKey(text, `SECRETS_PREVIOUS_KEYS (key ${index + 1})`));
}
