/** A secrets key is 32 bytes (AES-256). */
export const SECRETS_KEY_BYTES = 32;

/**
 * The 32 bytes a key's text stands for, or null when it is not the base64 (or base64url) of exactly 32 bytes. Kept
 * apart from the key file code so the config can check `SECRETS_KEY` with the same rule.
 */
export function decodeSecretsKey(text: string): Buffer | null {
  if (!/^[A-Za-z0-9+/_-]{43}=?$/.test(text)) return null;
  const key = Buffer.from(text, 'base64');
  return key.length === SECRETS_KEY_BYTES ? key : null;
}
