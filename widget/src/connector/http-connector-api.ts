import { beaconBodies } from './beacon-bodies.js';
import {
  ConnectorError,
  type AgentSettings,
  type CallLogStatus,
  type ConnectorApi,
  type LookupResult,
  type PresenceReport,
  type Resolution,
  type ResolvePurpose,
  type WidgetCallEvent,
} from './connector-api.js';
import { browserTimers, type FetchLike, type SendBeacon, type StorageLike, type Timers } from './connector-ports.js';
import { connectorRequest } from './connector-request.js';
import { readConnectorAnswer } from './connector-response.js';
import { ConnectorUnreachableError } from './connector-unreachable-error.js';
import { EventQueue } from './event-queue.js';
import { EventSender } from './event-sender.js';
import type { PushMessage } from './push-message.js';
import { PushStream, type PageVisibility } from './push-stream.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-delay.js';

export interface HttpConnectorApiOptions {
  /** The connector's origin (`https://cti.example.com`), or `''` for the page's own. */
  readonly baseUrl: string;
  /** The agent's current session token, read at every request; null while signed out (events then wait in the queue). */
  readonly token: () => string | null;
  /**
   * Where queued events are kept across page loads: `sessionStorage` (per tab, so two tabs never overwrite each
   * other's queue); null keeps them in memory only.
   */
  readonly storage: StorageLike | null;
  /** The storage key; scope it to the agent (see {@link eventQueueKey}) so one agent's events never go with another's session. */
  readonly storageKey: string;
  readonly fetch?: FetchLike;
  /** `navigator.sendBeacon` when the browser has it. */
  readonly sendBeacon?: SendBeacon | null;
  readonly timers?: Timers;
  readonly now?: () => number;
  readonly random?: () => number;
  readonly retry?: RetryPolicy;
  /** Longest wait for one answer before it counts as unreachable. */
  readonly requestTimeoutMs?: number;
  /** Told of events the connector refused as invalid; they will never be sent again. */
  readonly onDropped?: (events: readonly WidgetCallEvent[], error: ConnectorError) => void;
  /**
   * Told when the connector refused the session a request carried (401, or 403 `AGENT_DISABLED`), with that token:
   * it may be an older one than the current, which a refresh already replaced.
   */
  readonly onAuthRefused?: (error: ConnectorError, token: string | null) => void;
  /** Diagnostics (the push stream's interruptions); never given tokens. */
  readonly log?: (message: string) => void;
  /** Whether the page is shown: push streams are held only while it is (see `PushStream`). Left out, always shown. */
  readonly visibility?: PageVisibility | null;
}

/**
 * `ConnectorApi` over `fetch`: the connector's JSON API for settings, resolve and lookup, and a durable queue for call
 * events (see `EventSender` for how they are sent, retried and dropped).
 */
/** The live client of each stored queue: a new client on the same storage and key takes over from the old one. */
const LIVE_CLIENTS = new WeakMap<StorageLike, Map<string, HttpConnectorApi>>();

export class HttpConnectorApi implements ConnectorApi {
  private readonly fetch: FetchLike;
  private readonly timers: Timers;
  private readonly queue: EventQueue;
  private readonly sender: EventSender;
  private readonly timeoutMs: number;
  private readonly sendBeacon: SendBeacon | null;
  private readonly streams = new Set<PushStream>();

  constructor(private readonly options: HttpConnectorApiOptions) {
    this.fetch = options.fetch ?? ((url, init) => globalThis.fetch(url, init));
    this.timers = options.timers ?? browserTimers;
    this.timeoutMs = options.requestTimeoutMs ?? 15_000;
    this.sendBeacon = options.sendBeacon === undefined ? browserBeacon() : options.sendBeacon;
    this.takeOverQueue();
    this.queue = new EventQueue(options.storage, options.storageKey);
    this.sender = new EventSender({
      queue: this.queue,
      post: (events) => this.postEvents(events),
      canSend: () => options.token() !== null,
      timers: this.timers,
      retry: options.retry ?? DEFAULT_RETRY_POLICY,
      random: options.random ?? Math.random,
      now: options.now ?? Date.now,
      onDropped: options.onDropped ?? (() => undefined),
    });
    // Events a previous page load left queued go out now, not at the next call.
    this.sender.kick();
  }

  settings(): Promise<AgentSettings> {
    return this.ask<AgentSettings>('GET', '/api/v1/agent/settings');
  }

  resolve(args: { number: string; record: { objectType: string; id: string } | null; purpose: ResolvePurpose }): Promise<Resolution> {
    const record = args.record ? { recordId: args.record.id, objectType: args.record.objectType } : {};
    return this.ask<Resolution>('POST', '/api/v1/resolve', { number: args.number, ...record, purpose: args.purpose });
  }

  lookup(number: string): Promise<LookupResult> {
    return this.ask<LookupResult>('GET', `/api/v1/lookup?number=${encodeURIComponent(number)}`);
  }

  callLogStatus(callId: string): Promise<CallLogStatus> {
    return this.ask<CallLogStatus>('GET', `/api/v1/calls/${encodeURIComponent(callId)}/log`);
  }

  /** Sent with keepalive: the last report (`unregistered`) goes as the page closes, and must still arrive. */
  async reportPresence(report: PresenceReport): Promise<void> {
    await this.ask<null>('POST', '/api/v1/agent/presence', report, { readBody: false, keepalive: true });
  }

  listen(onMessage: (message: PushMessage) => void): () => void {
    const { options } = this;
    const stream = new PushStream({
      url: `${this.base()}/api/v1/agent/events`,
      token: options.token,
      onMessage,
      onAuthRefused: (error, token) => options.onAuthRefused?.(error, token),
      fetch: this.fetch,
      timers: this.timers,
      now: options.now ?? Date.now,
      random: options.random ?? Math.random,
      retry: options.retry ?? DEFAULT_RETRY_POLICY,
      visibility: options.visibility ?? null,
      log: options.log ?? (() => {}),
    });
    this.streams.add(stream);
    stream.start();
    return () => {
      stream.stop();
      this.streams.delete(stream);
    };
  }

  report(event: WidgetCallEvent): void {
    this.queue.push(event);
    this.sender.kick();
  }

  drain(): Promise<void> {
    return this.sender.drain();
  }

  /**
   * Hands every queued event to `sendBeacon` (chunked under its 64 KiB limit) for the beacon route. The events stay
   * queued: a beacon may be lost, and the next page load sends them again (the connector ignores the duplicates).
   */
  flushWithBeacon(): void {
    const token = this.options.token();
    if (!token || !this.sendBeacon || this.queue.length === 0) return;
    const url = `${this.base()}/api/v1/calls/events/beacon`;
    for (const body of beaconBodies(token, this.queue.all())) {
      if (!this.sendBeacon(url, body)) return;
    }
  }

  resume(): void {
    this.sender.retryNow();
  }

  /** Stops retrying and closes the push streams (a client replaced, or tests); queued events stay in storage. */
  stop(): void {
    this.sender.stop();
    for (const stream of this.streams) stream.stop();
    this.streams.clear();
  }

  /**
   * Two live clients on one stored queue would overwrite each other's copy (the same agent signing in again while
   * events are still queued): the older one stops, and this one, reading the same storage, sends its events.
   */
  private takeOverQueue(): void {
    const { storage, storageKey } = this.options;
    if (!storage) return;
    const clients = LIVE_CLIENTS.get(storage) ?? new Map<string, HttpConnectorApi>();
    LIVE_CLIENTS.set(storage, clients);
    clients.get(storageKey)?.stop();
    clients.set(storageKey, this);
  }

  /** One request and its JSON answer; with `readBody` false, a 2xx answer (a 204) resolves to null. */
  private async ask<T>(method: 'GET' | 'POST', path: string, body?: unknown, options: { readBody?: boolean; keepalive?: boolean } = {}): Promise<T> {
    const token = this.options.token();
    let response: Response;
    try {
      response = await this.send(method, path, token, body, options.keepalive);
    } catch (error) {
      throw new ConnectorUnreachableError(undefined, { cause: error });
    }
    if (!response.ok) {
      const { error } = await readConnectorAnswer(response);
      if (endsSession(error)) this.options.onAuthRefused?.(error, token);
      throw error;
    }
    if (options.readBody === false) return null as T;
    try {
      return (await response.json()) as T;
    } catch {
      throw new ConnectorError(response.status, 'BAD_RESPONSE', 'The connector sent an answer the widget cannot read; check the connector address.');
    }
  }

  /** One batch for the sender, which reads the answer itself; a refused session is told as for any request. */
  private async postEvents(events: readonly WidgetCallEvent[]): Promise<Response> {
    const token = this.options.token();
    const response = await this.send('POST', '/api/v1/calls/events', token, { events });
    if ((response.status === 401 || response.status === 403) && this.options.onAuthRefused) {
      const told = this.options.onAuthRefused;
      void readConnectorAnswer(response.clone()).then(({ error }) => endsSession(error) && told(error, token));
    }
    return response;
  }

  private send(method: 'GET' | 'POST', path: string, token: string | null, body?: unknown, keepalive = false): Promise<Response> {
    return connectorRequest({ fetch: this.fetch, timers: this.timers, url: `${this.base()}${path}`, method, token, body, timeoutMs: this.timeoutMs, keepalive });
  }

  private base(): string {
    return this.options.baseUrl.replace(/\/+$/, '');
  }
}

/**
 * A storage key for one agent's event queue: the prefix and the agent's id, so events queued under one agent wait
 * for that agent's next sign-in and never go with another agent's session (the connector takes the agent from the
 * token). Session tokens change at every refresh; the agent does not.
 */
export function eventQueueKey(prefix: string, agentId: string): string {
  return `${prefix}:events:${encodeURIComponent(agentId)}`;
}

/** A 401 (no valid session) or a disabled agent: the session is over, whatever the request was. */
function endsSession(error: ConnectorError): boolean {
  return error.status === 401 || (error.status === 403 && error.code === 'AGENT_DISABLED');
}

function browserBeacon(): SendBeacon | null {
  const nav = (globalThis as { navigator?: Navigator }).navigator;
  return typeof nav?.sendBeacon === 'function' ? (url, body) => nav.sendBeacon(url, body) : null;
}
