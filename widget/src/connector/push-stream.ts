import type { ConnectorError } from './connector-api.js';
import type { FetchLike, Timers } from './connector-ports.js';
import { readConnectorAnswer } from './connector-response.js';
import { readPushMessage, type PushMessage } from './push-message.js';
import { retryDelay, type RetryPolicy } from './retry-delay.js';
import { SseParser } from './sse-parser.js';

/** The connector sends a comment every 25 s; this long without a byte, the connection is taken for dead. */
const SILENCE_MS = 60_000;
/** A stream that ends sooner than this after it opened counts as a failure, so a proxy cutting it is not hammered. */
const SHORT_LIVED_MS = 5000;
/** `resync` waits a random time up to this, so the widgets an outage cut off do not all read their settings at once. */
const RESYNC_JITTER_MS = 2000;

/**
 * Whether the page is shown (`document.visibilityState`), and word when that changes. A browser gives each host a
 * few HTTP/1.1 connections, shared by every tab: a stream per hidden tab would use them up.
 */
export interface PageVisibility {
  visible(): boolean;
  /** Calls `listener` at every change; returns the function that stops it. */
  onChange(listener: () => void): () => void;
}

export interface PushStreamOptions {
  /** `<connector>/api/v1/agent/events`. */
  readonly url: string;
  /** The session token at the moment of each connection; null stops the stream (signed out). */
  readonly token: () => string | null;
  readonly onMessage: (message: PushMessage) => void;
  /**
   * The connector refused the token a connection carried (401, or 403 `AGENT_DISABLED`). Whoever keeps the session
   * ends it (and stops the stream), unless a refresh replaced that token already: the stream then tries again, with
   * backoff, with the current one.
   */
  readonly onAuthRefused: (error: ConnectorError, token: string) => void;
  readonly fetch: FetchLike;
  readonly timers: Timers;
  readonly now: () => number;
  readonly random: () => number;
  readonly retry: RetryPolicy;
  /** Left out, the page counts as always shown. */
  readonly visibility?: PageVisibility | null;
  readonly silenceMs?: number;
  readonly resyncJitterMs?: number;
  readonly log: (message: string) => void;
}

/**
 * The connector's push stream, read with `fetch` (an `EventSource` cannot send the `Authorization` header).
 *
 * - Every connection carries the token current at that moment, so a stream the connector ended at the token's expiry
 *   comes back with the refreshed one.
 * - A stream that ends, fails or stays silent past `silenceMs` is opened again: after a wait with backoff
 *   (`retryDelay`) when it failed or lived only moments, else at once (well, after `retry.baseMs` at most).
 * - The stream is held only while the page is shown: closed when it is hidden, opened again when it is shown.
 * - Each connection, the first one included, is followed by `onMessage({type: 'resync'})`: what was pushed before it
 *   opened was missed. So is a `resync` the connector sends. Either comes after a random wait of up to
 *   `resyncJitterMs`, and several in that time come as one; every other message is handed over at once.
 * - A refused session ends it unless the refused token was replaced meanwhile (see `onAuthRefused`); `stop` ends it
 *   for good.
 */
export class PushStream {
  private stopped = true;
  private failures = 0;
  private abort: AbortController | null = null;
  private timer: unknown = null;
  private silence: unknown = null;
  private resync: unknown = null;
  private offVisibility: (() => void) | null = null;

  constructor(private readonly options: PushStreamOptions) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.offVisibility = this.options.visibility?.onChange(() => this.visibilityChanged()) ?? null;
    if (this.shown()) void this.connect();
  }

  stop(): void {
    this.stopped = true;
    this.offVisibility?.();
    this.offVisibility = null;
    this.hangUp();
  }

  private shown(): boolean {
    return this.options.visibility?.visible() ?? true;
  }

  private visibilityChanged(): void {
    if (this.stopped) return;
    if (!this.shown()) this.hangUp();
    else if (this.abort === null && this.timer === null) void this.connect();
  }

  /** Closes the connection and forgets every wait; `start` or the page shown again opens another. */
  private hangUp(): void {
    this.abort?.abort();
    this.abort = null;
    this.clear('timer');
    this.clear('silence');
    this.clear('resync');
  }

  private async connect(): Promise<void> {
    const token = this.options.token();
    if (this.stopped || !this.shown()) return;
    if (token === null) {
      this.stop();
      return;
    }
    const abort = new AbortController();
    this.abort = abort;
    this.watchSilence(abort);
    const opened = this.options.now();
    let response: Response;
    try {
      response = await this.options.fetch(this.options.url, {
        method: 'GET',
        headers: { Accept: 'text/event-stream', Authorization: `Bearer ${token}` },
        credentials: 'omit',
        cache: 'no-store',
        signal: abort.signal,
      });
    } catch (error) {
      this.ended(abort, false, error);
      return;
    }
    if (!response.ok) {
      const { error } = await readConnectorAnswer(response);
      if (error.status === 401 || (error.status === 403 && error.code === 'AGENT_DISABLED')) this.refused(abort, error, token);
      else this.ended(abort, false, error);
      return;
    }
    if (this.abort !== abort) return;
    this.resyncSoon();
    try {
      await this.read(response, abort);
    } catch (error) {
      this.ended(abort, false, error);
      return;
    }
    this.ended(abort, this.options.now() - opened >= SHORT_LIVED_MS, null);
  }

  private async read(response: Response, abort: AbortController): Promise<void> {
    const reader = response.body?.getReader();
    if (!reader) return;
    const decoder = new TextDecoder();
    const parser = new SseParser((data) => {
      const message = readPushMessage(data);
      if (!message || this.abort !== abort) return;
      if (message.type === 'resync') this.resyncSoon();
      else this.options.onMessage(message);
    });
    for (;;) {
      const { done, value } = await reader.read();
      if (done || this.abort !== abort) return;
      this.watchSilence(abort);
      parser.feed(decoder.decode(value, { stream: true }));
    }
  }

  /** The connection `abort` was refused with `token`: told, then tried again only if that token is no longer current. */
  private refused(abort: AbortController, error: ConnectorError, token: string): void {
    if (this.abort !== abort || this.stopped) return;
    this.abort = null;
    this.clear('silence');
    this.options.onAuthRefused(error, token);
    if (this.stopped || this.abort !== null) return;
    if (this.options.token() === token) this.stop();
    else this.openLater(false);
  }

  /** The connection `abort` is over: opened again unless it was replaced or the stream stopped. */
  private ended(abort: AbortController, lived: boolean, error: unknown): void {
    if (this.abort !== abort || this.stopped) return;
    this.abort = null;
    this.clear('silence');
    if (error) this.options.log(`push stream interrupted: ${error instanceof Error ? error.message : String(error)}`);
    this.openLater(lived);
  }

  private openLater(lived: boolean): void {
    this.failures = lived ? 0 : this.failures + 1;
    const wait = retryDelay(this.options.retry, Math.max(0, this.failures - 1), this.options.random);
    this.timer = this.options.timers.setTimeout(() => {
      this.timer = null;
      void this.connect();
    }, wait);
  }

  private resyncSoon(): void {
    if (this.resync !== null) return;
    const wait = Math.round(this.options.random() * (this.options.resyncJitterMs ?? RESYNC_JITTER_MS));
    this.resync = this.options.timers.setTimeout(() => {
      this.resync = null;
      this.options.onMessage({ type: 'resync' });
    }, wait);
  }

  private watchSilence(abort: AbortController): void {
    this.clear('silence');
    this.silence = this.options.timers.setTimeout(() => {
      this.silence = null;
      abort.abort(new Error('the connector went silent'));
    }, this.options.silenceMs ?? SILENCE_MS);
  }

  private clear(which: 'timer' | 'silence' | 'resync'): void {
    const handle = this[which];
    if (handle !== null) this.options.timers.clearTimeout(handle);
    this[which] = null;
  }
}
