import { createHash, hkdfSync, webcrypto } from 'node:crypto';
import { errors, type CompactJWSHeaderParameters } from 'jose';

/**
 * HS256 keys for one kind of token (session tokens, export tickets), derived from the secrets keys so no separate
 * secret is kept: HKDF-SHA256 with the kind's own `info`, so a key of one kind never verifies a token of another.
 * Tokens are signed with the current key, named by its `kid` (a hash of the derived key, never the key); a token under
 * a previous secrets key (a rotation) still verifies until it expires.
 */
export class SigningKeys {
  readonly current: { readonly kid: string; readonly key: Uint8Array };
  readonly #byKid: ReadonlyMap<string, Uint8Array>;
  readonly #verifiers = new Map<string, Promise<webcrypto.CryptoKey>>();

  constructor(secrets: { current: Uint8Array; previous: readonly Uint8Array[] }, info: string) {
    this.current = derive(secrets.current, info);
    const byKid = new Map<string, Uint8Array>();
    for (const secret of secrets.previous) {
      const { kid, key } = derive(secret, info);
      byKid.set(kid, key);
    }
    byKid.set(this.current.kid, this.current.key);
    this.#byKid = byKid;
  }

  /**
   * The key a token's header names, for `jwtVerify`, which fails the token when there is none. Imported into Web
   * Crypto once per key: every authenticated request verifies a token, and importing raw bytes each time cost more
   * than the signature check.
   */
  readonly keyFor = (header: CompactJWSHeaderParameters): Promise<webcrypto.CryptoKey> => {
    const kid = header.kid;
    const key = kid === undefined ? undefined : this.#byKid.get(kid);
    if (kid === undefined || !key) throw new errors.JWSSignatureVerificationFailed('no signing key with this kid');
    let imported = this.#verifiers.get(kid);
    if (!imported) {
      imported = webcrypto.subtle.importKey('raw', new Uint8Array(key), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
      this.#verifiers.set(kid, imported);
    }
    return imported;
  };
}

function derive(secret: Uint8Array, info: string): { kid: string; key: Uint8Array } {
  if (secret.length < 32) throw new RangeError(`a secrets key for ${info} is at least 32 bytes`);
  const key = new Uint8Array(hkdfSync('sha256', secret, new Uint8Array(0), info, 32));
  return { kid: createHash('sha256').update(key).digest('hex').slice(0, 16), key };
}
