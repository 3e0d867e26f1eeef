const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Whether credentials may be sent to `url`: https anywhere, or plain http to this machine only, where a local
 * stand-in of a CRM (tests, offline demos) listens. Never plain http across a network.
 */
export function isSecureOrLoopback(url: URL): boolean {
  return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname));
}
