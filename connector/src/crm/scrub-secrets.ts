/**
 * `text` with every secret of 8 characters or more replaced by `[redacted]`, for messages that quote what a CRM said
 * (which may echo a token or client secret). Shorter values are left alone: they would redact ordinary words.
 */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  return secrets.reduce((out, secret) => (secret.length >= 8 ? out.split(secret).join('[redacted]') : out), text);
}
