import type { SipAccount } from '../phone/sip-account.js';
import type { PushMessage } from './push-message.js';

/** The agent as the connector knows it. */
export interface AgentProfile {
  readonly id: string;
  readonly name: string;
}

/** What `GET /api/v1/agent/settings` answers: the agent, its SIP account, its heartbeat interval and dispositions. */
export interface AgentSettings {
  readonly agent: AgentProfile;
  /** Null when the admin has not given the agent a SIP account yet. */
  readonly sip: SipAccount | null;
  /** Seconds between heartbeats of a call in progress; the connector's heartbeat timeout is a few of these. */
  readonly heartbeatIntervalS: number;
  /** Dispositions offered in the wrap-up form. */
  readonly dispositions: readonly string[];
}

/**
 * Why a number is resolved: `dial` right before placing a call, so the connector also applies the agent's call limits
 * (calls per minute and per day, concurrent calls) and counts the call; `display` only to show it.
 */
export type ResolvePurpose = 'dial' | 'display';

/** The connector's answer to `POST /api/v1/resolve` (its `Resolution`). */
export interface Resolution {
  readonly kind: 'pstn' | 'internal';
  readonly e164: string | null;
  readonly sipUri: string;
  readonly extension: string | null;
  readonly display: string;
  readonly country: string | null;
  readonly contact: { readonly id: string; readonly objectType: string; readonly name: string; readonly company: string | null } | null;
  /** `code` names the rule that refused (`COUNTRY_NOT_ALLOWED`, `CALLS_PER_MINUTE`, `CONCURRENT_CALLS`...). */
  readonly policy: { readonly allowed: boolean; readonly reason?: string; readonly code?: string };
}

/** `GET /api/v1/lookup` answer, for screen pops of inbound calls. */
export interface LookupResult {
  readonly e164: string | null;
  readonly display: string;
  readonly matches: readonly { readonly id: string; readonly objectType: string; readonly name: string; readonly company: string | null }[];
}

/** `GET /api/v1/calls/{Call-ID}/log` answer: `delivered` once the activity is in the CRM. */
export interface CallLogStatus {
  readonly callId: string;
  readonly status: 'pending' | 'delivered' | 'dead';
  readonly crmId: string | null;
}

/** One call event as `POST /api/v1/calls/events` takes it (see connector/src/http/call-event-schemas.ts). */
export type WidgetCallEvent = { readonly eventId: string; readonly callId: string; readonly occurredAt: string } & (
  | { readonly type: 'dialing' | 'ringing'; readonly direction: 'inbound' | 'outbound'; readonly from: string; readonly to: string; readonly record: { readonly objectType: string; readonly id: string } | null }
  | { readonly type: 'answered' | 'held' | 'resumed' | 'heartbeat' }
  | { readonly type: 'transferred'; readonly target: string; readonly mode: 'blind' | 'attended' }
  | { readonly type: 'ended'; readonly cause: 'hangup' | 'cancelled' | 'busy' | 'no-answer' | 'declined' | 'failed'; readonly sipStatus: number | null; readonly hungUpBy: 'agent' | 'remote' | 'system' | null; readonly wrapUp: boolean }
  | { readonly type: 'wrapup'; readonly disposition: string | null; readonly notes: string | null }
);

/** Where a widget runs, as its presence reports name it. */
export type WidgetHostName = 'salesforce' | 'hubspot' | 'page';

/** `POST /api/v1/agent/presence`: a widget's SIP registration, for the admin pages' "registered now". */
export interface PresenceReport {
  readonly widgetId: string;
  readonly registration: 'registered' | 'connecting' | 'unregistered' | 'failed';
  readonly host: WidgetHostName;
}

/** An error the connector answered, with its stable code and the message to show. */
export class ConnectorError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ConnectorError';
  }
}

/**
 * The widget's client of the connector's HTTP API.
 *
 * Contract:
 * - Every request carries the agent's current session token.
 * - Calls that answer (settings, resolve, lookup) reject with a `ConnectorError` carrying the connector's message, or
 *   an Error saying the connector cannot be reached. A request the connector refused because the session is over
 *   (401, or 403 `AGENT_DISABLED`) is also told to whoever keeps the session, so the widget signs out.
 * - `report` MUST NOT lose an event: it queues it (kept in `sessionStorage` when there is one), sends in batches,
 *   retries with backoff while the connector is unreachable or answers 5xx/429, and drops an event only on a 4xx that
 *   names it invalid (logged). While there is no session, events wait. `flushWithBeacon` sends whatever is queued
 *   with `navigator.sendBeacon` when the page goes away.
 */
export interface ConnectorApi {
  settings(): Promise<AgentSettings>;
  resolve(args: { number: string; record: { objectType: string; id: string } | null; purpose: ResolvePurpose }): Promise<Resolution>;
  lookup(number: string): Promise<LookupResult>;
  /** Where the agent's call stands in the CRM (`GET /api/v1/calls/{Call-ID}/log`). */
  callLogStatus(callId: string): Promise<CallLogStatus>;
  /** Tells the connector whether this widget is registered (see `PresenceReporter`); rejects like `settings`. */
  reportPresence(report: PresenceReport): Promise<void>;
  /**
   * Opens the connector's push stream for the session (`GET /api/v1/agent/events`, see `PushStream`; held while the
   * page is shown) and hands every message to `onMessage`, with `resync` after each connection, the first included;
   * a session the stream is refused with is told like any request's. Returns the function that closes it; `stop`
   * closes it too.
   */
  listen(onMessage: (message: PushMessage) => void): () => void;
  report(event: WidgetCallEvent): void;
  /** Resolves when the queue is empty (tests, and before sign-out). */
  drain(): Promise<void>;
  flushWithBeacon(): void;
  /** The agent signed in again: the events that waited for a session go now, not at the next retry. */
  resume(): void;
  /** Stops sending (signed out, or another agent signed in); queued events stay stored for this agent's next sign-in. */
  stop(): void;
}
