const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** A bare DNS host name (no scheme, port, user or path), as a SIP domain must be. */
export const HOST_NAME = /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

/**
 * Whether a browser may register a SIP account over `url`: `wss://` anywhere, plain `ws://` only to this machine
 * (local development), since the password's digest and every call's signalling cross it. No user, query or fragment.
 */
export function isSipWebSocketUrl(text: string): boolean {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return false;
  }
  if (url.username || url.password || url.search || url.hash) return false;
  return url.protocol === 'wss:' || (url.protocol === 'ws:' && LOOPBACK_HOSTS.has(url.hostname));
}

/** The URL as the widget gets it: normalised by the URL parser, without a trailing slash. */
export function normaliseSipWebSocketUrl(text: string): string {
  return new URL(text).href.replace(/\/$/, '');
}
