import type { ConnectorError, WidgetCallEvent } from './connector-api.js';
import type { StorageLike } from './connector-ports.js';
import { eventQueueKey, HttpConnectorApi } from './http-connector-api.js';
import type { PageVisibility } from './push-stream.js';

/**
 * The connector client as a page uses it: the browser's `fetch` and `sendBeacon`, events queued in `sessionStorage`
 * (per tab; in memory where the browser blocks it) under a key scoped to the agent, and the push stream held while
 * the document is visible.
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
  readonly log?: (message: string) => void;
}): HttpConnectorApi {
  return new HttpConnectorApi({
    baseUrl: args.baseUrl,
    token: args.token,
    storage: sessionStore(),
    storageKey: eventQueueKey(args.storagePrefix, args.agentId),
    visibility: documentVisibility(),
    ...(args.onAuthRefused ? { onAuthRefused: args.onAuthRefused } : {}),
    ...(args.onDropped ? { onDropped: args.onDropped } : {}),
    ...(args.log ? { log: args.log } : {}),
  });
}

function sessionStore(): StorageLike | null {
  try {
    return globalThis.sessionStorage ?? null;
  } catch {
    return null;
  }
}

/** `document.visibilityState` and its `visibilitychange` event; null outside a document (always shown). */
function documentVisibility(): PageVisibility | null {
  const doc = globalThis.document as Document | undefined;
  if (!doc) return null;
  return {
    visible: () => doc.visibilityState !== 'hidden',
    onChange(listener) {
      doc.addEventListener('visibilitychange', listener);
      return () => doc.removeEventListener('visibilitychange', listener);
    },
  };
}
