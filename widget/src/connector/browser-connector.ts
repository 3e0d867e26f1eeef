import type { ConnectorError, WidgetCallEvent } from './connector-api.js';
import type { StorageLike } from './connector-ports.js';
import { eventQueueKey, HttpConnectorApi } from './http-connector-api.js';

/**
 * The connector client as a page uses it: the browser's `fetch` and `sendBeacon`, events queued in `sessionStorage`
 * (per tab; in memory where the browser blocks it) under a key scoped to the agent.
 */
export function createBrowserConnector(args: {
  readonly baseUrl: string;
  readonly agentId: string;
  /** The agent's current session token (it changes at every refresh); null while signed out. */
  readonly token: () => string | null;
  /** Scopes the stored queue, as the app scopes its other keys (`clicktocall:<connector base>`). */
  readonly storagePrefix: string;
  readonly onAuthRefused?: (error: ConnectorError, token: string | null) => void;
  readonly onDropped?: (events: readonly WidgetCallEvent[], error: ConnectorError) => void;
}): HttpConnectorApi {
  return new HttpConnectorApi({
    baseUrl: args.baseUrl,
    token: args.token,
    storage: sessionStore(),
    storageKey: eventQueueKey(args.storagePrefix, args.agentId),
    ...(args.onAuthRefused ? { onAuthRefused: args.onAuthRefused } : {}),
    ...(args.onDropped ? { onDropped: args.onDropped } : {}),
  });
}

function sessionStore(): StorageLike | null {
  try {
    return globalThis.sessionStorage ?? null;
  } catch {
    return null;
  }
}
