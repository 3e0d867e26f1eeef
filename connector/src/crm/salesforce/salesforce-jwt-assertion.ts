import { createPrivateKey } from 'node:crypto';
import { importPKCS8, SignJWT } from 'jose';
import { CrmError } from '../crm-error.js';

/** How long an assertion is valid. Salesforce accepts at most 3 minutes; it is used at once, so 2 is plenty. */
const ASSERTION_LIFETIME_SECONDS = 120;

type SigningKey = Awaited<ReturnType<typeof importPKCS8>>;

/**
 * The `aud` Salesforce expects in a JWT bearer assertion. Salesforce accepts only its login servers (or an Experience
 * Cloud site) as the audience, not a My Domain host, even when the token request goes to the My Domain: so a
 * `*.sandbox.my.salesforce.com` login URL means `https://test.salesforce.com`, any other `*.my.salesforce.com` means
 * `https://login.salesforce.com`, and every other URL (login, test, a site) is its own origin.
 */
export function jwtAudience(loginUrl: string): string {
  const url = new URL(loginUrl);
  const host = url.hostname.toLowerCase();
  if (host.endsWith('.sandbox.my.salesforce.com')) return 'https://test.salesforce.com';
  if (host.endsWith('.my.salesforce.com')) return 'https://login.salesforce.com';
  return url.origin;
}

/** Signs JWT bearer assertions with one private key, parsed once. */
export interface JwtAssertionSigner {
  /** A fresh RS256 assertion: iss = client id, sub = user name, aud = the login server, exp = now + 2 minutes. */
  sign(): Promise<string>;
}

/**
 * Builds a signer for `privateKeyPem`. PKCS#1 (`BEGIN RSA PRIVATE KEY`, what older openssl writes and many Salesforce
 * guides produce) is converted to PKCS#8 first, so both work. A key that cannot be read fails with `auth`, and the
 * message never quotes the key.
 */
export function createJwtAssertionSigner(args: {
  readonly loginUrl: string;
  readonly clientId: string;
  readonly username: string;
  readonly privateKeyPem: string;
}): JwtAssertionSigner {
  const audience = jwtAudience(args.loginUrl);
  let key: Promise<SigningKey> | null = null;
  const loadKey = (): Promise<SigningKey> => {
    key ??= importKey(args.privateKeyPem).catch((error: unknown) => {
      key = null;
      throw error;
    });
    return key;
  };
  return {
    async sign() {
      return new SignJWT({})
        .setProtectedHeader({ alg: 'RS256' })
        .setIssuer(args.clientId)
        .setSubject(args.username)
        .setAudience(audience)
        .setExpirationTime(Math.floor(Date.now() / 1000) + ASSERTION_LIFETIME_SECONDS)
        .sign(await loadKey());
    },
  };
}

async function importKey(pem: string): Promise<SigningKey> {
  try {
    const pkcs8 = createPrivateKey(pem).export({ type: 'pkcs8', format: 'pem' }).toString();
    return await importPKCS8(pkcs8, 'RS256');
  } catch {
    throw new CrmError(
      'auth',
      'The Salesforce private key cannot be used to sign the JWT bearer login: SF_PRIVATE_KEY_FILE must hold an unencrypted RSA private key (PEM)',
      { crm: 'salesforce' },
    );
  }
}
