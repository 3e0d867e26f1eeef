import { createHmac } from 'node:crypto';

/** SIP digest credentials that stop working at `expiresAt`: what a widget registers with instead of a stored password. */
export interface MintedSipCredentials {
  /** `<expiry, unix seconds>:<SIP user>`: the digest user name, expiry included, so the SIP server needs no lookup. */
  readonly authorizationUsername: string;
  /** base64(HMAC-SHA1(shared secret, authorizationUsername)). */
  readonly authorizationPassword: string;
  /** The expiry written in the user name, in ms (whole seconds, never later than asked). */
  readonly expiresAt: number;
}

/**
 * Mints time-limited SIP credentials in the scheme Kamailio's `auth_ephemeral` module verifies with its defaults
 * (`username_format` 1, `sha_algorithm` 0): the user name is `<expiry>:<user>` and the password the base64 HMAC-SHA1 of
 * that whole user name under the secret shared with the SIP server. The server refuses them once the expiry is past,
 * or when the From user (and, on REGISTER, the To user) is not the one they were minted for (`autheph_check_from/to`).
 *
 * The secret stays in this object: it is never part of what `mint` returns, and nothing here logs.
 */
export class EphemeralSipCredentials {
  readonly #secret: string;

  constructor(secret: string) {
    if (secret === '') throw new Error('The ephemeral SIP secret must not be empty');
    this.#secret = secret;
  }

  /**
   * Credentials for `username` (the SIP user they prove, the From user of the agent's requests) valid until
   * `expiresAt` (ms since the epoch), rounded down to the second so they never outlive what was asked.
   */
  mint(args: { readonly username: string; readonly expiresAt: number }): MintedSipCredentials {
    if (args.username === '' || args.username.includes(':')) {
      throw new Error('An ephemeral SIP user name must be non-empty and hold no colon');
    }
    const expirySeconds = Math.floor(args.expiresAt / 1000);
    if (!Number.isSafeInteger(expirySeconds) || expirySeconds <= 0) throw new Error('The expiry must be a time after 1970');
    const authorizationUsername = `${expirySeconds}:${args.username}`;
    return {
      authorizationUsername,
      authorizationPassword: createHmac('sha1', this.#secret).update(authorizationUsername).digest('base64'),
      expiresAt: expirySeconds * 1000,
    };
  }
}
