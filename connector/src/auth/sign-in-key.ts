import { createHash, randomBytes } from 'node:crypto';

/** A sign-in key is 32 random bytes in base64url: 43 characters, 256 bits, not worth guessing. */
const KEY_BYTES = 32;

/**
 * The SHA-256 (hex) of a sign-in key or an admin token: all the connector keeps of it, so a copy of the database does
 * not let anyone sign in as an agent. The same text always gives the same hash, so a key is found by its hash.
 */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * A new agent sign-in key and the hash to store. The key is for the admin to hand to the agent once; only `hash` may
 * be stored, and neither is ever logged.
 */
export function newSignInKey(): { key: string; hash: string } {
  const key = randomBytes(KEY_BYTES).toString('base64url');
  return { key, hash: hashToken(key) };
}
