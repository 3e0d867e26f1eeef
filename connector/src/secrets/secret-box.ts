import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * A secret as it is kept at rest: `v2:<kid>:<iv>:<tag>:<ciphertext>` (older values `v1:<iv>:<tag>:<ciphertext>`), each
 * part base64url except the key id (16 hex digits). Never the plaintext.
 */
export type SealedSecret = string & { readonly __sealed: unique symbol };

/** A sealed secret cannot be opened: another key sealed it, it was copied to another owner, or it was altered. */
export class SecretUnreadableError extends Error {
  override readonly name = 'SecretUnreadableError';
}

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const PART = /^[A-Za-z0-9_-]*$/;
const KID = /^[0-9a-f]{16}$/;

/** The id a sealed value names its key by: the first 16 hex digits of the key's SHA-256, which reveal nothing of it. */
export function secretsKeyId(key: Uint8Array): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}

/**
 * Encrypts secrets the connector must give back later (an agent's SIP password), so a copy of the database alone
 * reveals none of them. AES-256-GCM with a fresh random 12-byte IV per value, under a keyring: one current key that
 * seals, and the previous keys of a rotation that still open what they sealed.
 *
 * Promises:
 * - `seal` uses the current key, never returns the same string twice for the same secret (random IV), and the string
 *   holds no plaintext.
 * - `open` returns the plaintext only for a value a key of the ring sealed with the same `context`; anything else
 *   (a key not in the ring, another context such as another agent's id, any altered byte) throws
 *   {@link SecretUnreadableError}. `v2` values name their key; legacy `v1` values are tried with every key.
 * - `isCurrent` says whether a value is already sealed under the current key, so a re-seal after a rotation touches
 *   only the others.
 */
export class SecretBox {
  readonly #current: { kid: string; key: Buffer };
  readonly #ring: ReadonlyMap<string, Buffer>;
  /** The current key first: a legacy value is most likely sealed with it. */
  readonly #keys: readonly Buffer[];

  constructor(current: Uint8Array, previous: readonly Uint8Array[] = []) {
    const ring = new Map<string, Buffer>();
    for (const key of [...previous, current]) ring.set(secretsKeyId(checked(key)), Buffer.from(key));
    this.#current = { kid: secretsKeyId(current), key: Buffer.from(current) };
    this.#ring = ring;
    this.#keys = [this.#current.key, ...[...ring].filter(([kid]) => kid !== this.#current.kid).map(([, key]) => key)];
  }

  /** `context` binds the value to its owner (for example `agent-sip:<agent id>`): it must be given again to open it. */
  seal(plaintext: string, context: string): SealedSecret {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#current.key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return ['v2', this.#current.kid, ...[iv, tag, ciphertext].map((b) => b.toString('base64url'))].join(':') as SealedSecret;
  }

  open(sealed: string, context: string): string {
    const parts = sealed.split(':');
    if (parts[0] === 'v2' && parts.length === 5 && KID.test(parts[1]!)) {
      const key = this.#ring.get(parts[1]!);
      if (!key) throw new SecretUnreadableError('the secret was sealed with a key the connector no longer has');
      return decrypt(key, parts.slice(2), context);
    }
    if (parts[0] === 'v1' && parts.length === 4) {
      let failure: unknown;
      for (const key of this.#keys) {
        try {
          return decrypt(key, parts.slice(1), context);
        } catch (error) {
          failure = error;
        }
      }
      throw failure;
    }
    throw new SecretUnreadableError('not a sealed secret of format v1 or v2');
  }

  /** Whether `sealed` is sealed under the current key (a `v2` value naming it). */
  isCurrent(sealed: string): boolean {
    return sealed.startsWith(`v2:${this.#current.kid}:`);
  }
}

function decrypt(key: Buffer, encoded: readonly string[], context: string): string {
  if (!encoded.every((p) => PART.test(p))) throw new SecretUnreadableError('a sealed secret with characters outside base64url');
  const [iv, tag, ciphertext] = encoded.map((p) => Buffer.from(p, 'base64url')) as [Buffer, Buffer, Buffer];
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new SecretUnreadableError('a sealed secret with a bad IV or tag');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
  } catch (error) {
    throw new SecretUnreadableError('the secret was sealed with another key or for another owner, or altered', { cause: error });
  }
}

function checked(key: Uint8Array): Uint8Array {
  if (key.length !== KEY_BYTES) throw new RangeError(`a secrets key is ${KEY_BYTES} bytes, not ${key.length}`);
  return key;
}
