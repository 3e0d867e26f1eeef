import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** A secret as it is kept at rest: `v1:<iv>:<tag>:<ciphertext>`, each part base64url. Never the plaintext. */
export type SealedSecret = string & { readonly __sealed: unique symbol };

/** A sealed secret cannot be opened: another key sealed it, it was copied to another owner, or it was altered. */
export class SecretUnreadableError extends Error {
  override readonly name = 'SecretUnreadableError';
}

const FORMAT = 'v1';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const PART = /^[A-Za-z0-9_-]*$/;

/**
 * Encrypts secrets the connector must give back later (an agent's SIP password), so a copy of the database alone
 * reveals none of them. AES-256-GCM with a fresh random 12-byte IV per value.
 *
 * Promises:
 * - `seal` never returns the same string twice for the same secret (random IV), and the string holds no plaintext.
 * - `open` returns the plaintext only for a value this key sealed with the same `context`; anything else (another
 *   key, another context such as another agent's id, any altered byte) throws {@link SecretUnreadableError}.
 * - The leading `v1` names the format, so a later format (a key id for rotation) can be told apart and read too.
 */
export class SecretBox {
  readonly #key: Buffer;

  constructor(key: Uint8Array) {
    if (key.length !== KEY_BYTES) throw new RangeError(`a secrets key is ${KEY_BYTES} bytes, not ${key.length}`);
    this.#key = Buffer.from(key);
  }

  /** `context` binds the value to its owner (for example `agent-sip:<agent id>`): it must be given again to open it. */
  seal(plaintext: string, context: string): SealedSecret {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [FORMAT, iv.toString('base64url'), tag.toString('base64url'), ciphertext.toString('base64url')].join(':') as SealedSecret;
  }

  open(sealed: string, context: string): string {
    const parts = sealed.split(':');
    if (parts.length !== 4 || parts[0] !== FORMAT || !parts.every((p) => PART.test(p))) {
      throw new SecretUnreadableError(`not a sealed secret of format ${FORMAT}`);
    }
    const [, iv, tag, ciphertext] = parts.map((p) => Buffer.from(p, 'base64url')) as [Buffer, Buffer, Buffer, Buffer];
    if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new SecretUnreadableError('a sealed secret with a bad IV or tag');
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
    } catch (error) {
      throw new SecretUnreadableError('the secret was sealed with another key or for another owner, or altered', { cause: error });
    }
  }
}
