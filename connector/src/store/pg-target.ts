/**
 * Where `url` points, for error messages (`host:port/database`), and how to take its password (in the authority, or a
 * `password` query parameter, which the driver also reads) out of a message. A URL that does not parse is refused
 * without echoing it: it may hold the password.
 */
export function describePgTarget(url: string): { where: string; redact: (message: string) => string } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error('the PostgreSQL URL is not a valid URL (such as postgres://user:password@host:5432/database)');
  }
  const passwords = [parsed.password, ...parsed.searchParams.getAll('password')];
  const secrets = [...new Set(passwords.flatMap((password) => [password, safeDecode(password), encodeURIComponent(password)]))]
    .filter((s) => s.length > 0)
    // Longest first, so a password containing another is taken out whole.
    .sort((a, b) => b.length - a.length);
  const database = safeDecode(parsed.pathname.replace(/^\//, ''));
  return {
    where: `${parsed.hostname || 'localhost'}:${parsed.port || '5432'}/${database}`,
    redact: (message) => secrets.reduce((text, secret) => text.split(secret).join('***'), message),
  };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
