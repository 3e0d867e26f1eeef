/**
 * Checks of the origin a host API talks from. A bridge obeys the page that frames it (a click there dials a number),
 * so it MUST NOT accept an origin it cannot name: only https origins of the CRM's own domains pass, and plain-http
 * loopback when the caller asks for it (tests, a local demo).
 */

/** `value` parsed when it is exactly an origin (`scheme://host[:port]`, no path, query or credentials), else null. */
export function parseOrigin(value: string): URL | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  const bare = url.pathname === '/' && url.search === '' && url.hash === '' && url.username === '' && url.password === '';
  return bare && url.origin !== 'null' ? url : null;
}

/** True for `https://<something>.<suffix>` with one of `suffixes`, on any port. */
export function isHttpsOriginUnder(url: URL, suffixes: readonly string[]): boolean {
  if (url.protocol !== 'https:') return false;
  const host = url.hostname.toLowerCase();
  return suffixes.some((suffix) => host.endsWith(`.${suffix}`));
}

/** True for `http(s)://127.0.0.1`, `localhost` or `[::1]` on any port. */
export function isLoopbackOrigin(url: URL): boolean {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  return url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
}
