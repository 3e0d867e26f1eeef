import WebSocket from 'ws';

/**
 * sip.js's transport uses the global `WebSocket`, which Node 20 lacks: give it the `ws` package's, which speaks the
 * `sip` subprotocol Kamailio requires. Idempotent.
 */
export function installNodeWebSocket(): void {
  (globalThis as { WebSocket?: unknown }).WebSocket = WebSocket;
}
