const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/**
 * Whether the phone may use this SIP WebSocket server: `wss://` always; `ws://` only to this machine, for local
 * development, because SIP digest over plain WebSocket hands the account to anyone on the path.
 */
export function isSecureWebSocket(server: string): boolean {
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    return false;
  }
  if (url.protocol === 'wss:') return true;
  return url.protocol === 'ws:' && (LOOPBACK.has(url.hostname) || url.hostname.startsWith('127.'));
}
