/** The ways a secret can be written into text: as it is, escaped inside a JSON string, or percent-encoded in a URL. */
export function secretForms(secret: string): string[] {
  return [...new Set([secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)])];
}

/** Each (secret, line) pair where the line holds the secret in any of its {@link secretForms}. */
export function findSecrets(lines: readonly string[], secrets: ReadonlyMap<string, string>): { secret: string; line: string }[] {
  const found: { secret: string; line: string }[] = [];
  for (const [label, secret] of secrets) {
    if (secret.length < 8) throw new Error(`${label} is too short to search for without false alarms`);
    const forms = secretForms(secret);
    for (const line of lines) if (forms.some((form) => line.includes(form))) found.push({ secret: label, line: line.slice(0, 300) });
  }
  return found;
}

/** A JSON Web Token anywhere in a text: three base64url parts, the first a JSON header (`eyJ`). */
export const JWT_PATTERN = /eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]*/;
