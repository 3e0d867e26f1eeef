import { MAX_EVENTS_PER_REQUEST } from './beacon-bodies.js';
import type { ConnectorError, WidgetCallEvent } from './connector-api.js';
import type { Timers } from './connector-ports.js';
import { readConnectorAnswer, type ConnectorIssue } from './connector-response.js';
import type { EventQueue } from './event-queue.js';
import { retryAfterMs, retryDelay, type RetryPolicy } from './retry-delay.js';

export interface EventSenderDeps {
  readonly queue: EventQueue;
  /** POSTs one batch to `/api/v1/calls/events`; rejects when the connector could not be reached. */
  readonly post: (events: readonly WidgetCallEvent[]) => Promise<Response>;
  /** False while there is no token to send with: the sender waits and tries again. */
  readonly canSend: () => boolean;
  readonly timers: Timers;
  readonly retry: RetryPolicy;
  readonly random: () => number;
  readonly now: () => number;
  /** Events the connector refused as invalid (400), with its answer: they are gone from the queue. */
  readonly onDropped: (events: readonly WidgetCallEvent[], error: ConnectorError) => void;
}

/**
 * Sends the queue to the connector, one request at a time, oldest first, in batches of up to 200.
 *
 * ```
 *   idle --report--> sending --202--> (more queued? sending : idle)
 *                      |  \--400--> drop the events it names, or isolate the batch one by one to find them
 *                      +--network error, timeout, 5xx, 429, 401/403 and other 4xx--> waiting --backoff--> sending
 * ```
 * Waiting is exponential with jitter, capped, or the connector's `Retry-After` (capped the same). A report while
 * waiting does not cut the wait short. Nothing is de-duplicated here: the connector ignores an event id it has.
 */
export class EventSender {
  private sending = false;
  private timer: unknown = null;
  private failures = 0;
  /** How many of the queue's first events go one per request, to find the invalid one a 400 did not name. */
  private isolating = 0;
  private drained: (() => void)[] = [];
  private stopped = false;

  constructor(private readonly deps: EventSenderDeps) {}

  /** Sends soon (batching what is reported in the same tick) unless a send or a wait is under way. */
  kick(): void {
    if (this.stopped || this.sending || this.timer !== null || this.deps.queue.length === 0) return;
    this.schedule(0);
  }

  /** Sends now, forgetting the backoff: what it waited for (a session, the network) is back. */
  retryNow(): void {
    if (this.stopped) return;
    this.failures = 0;
    if (this.timer !== null) this.deps.timers.clearTimeout(this.timer);
    this.timer = null;
    this.kick();
  }

  drain(): Promise<void> {
    if (this.deps.queue.length === 0) return Promise.resolve();
    this.kick();
    return new Promise((resolve) => this.drained.push(resolve));
  }

  /** Stops sending (tests, a client replaced); the queue stays in storage for the next client. */
  stop(): void {
    this.stopped = true;
    if (this.timer !== null) this.deps.timers.clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(ms: number): void {
    this.timer = this.deps.timers.setTimeout(() => {
      this.timer = null;
      void this.pump();
    }, ms);
  }

  private async pump(): Promise<void> {
    if (this.sending || this.stopped) return;
    this.sending = true;
    try {
      while (this.deps.queue.length > 0 && !this.stopped) {
        if (!this.deps.canSend()) return this.wait(null);
        const batch = this.deps.queue.head(this.isolating > 0 ? 1 : MAX_EVENTS_PER_REQUEST);
        const next = await this.sendOne(batch);
        if (next !== 'sent') return this.wait(next.retryAfter);
      }
      if (this.deps.queue.length === 0) for (const resolve of this.drained.splice(0)) resolve();
    } finally {
      this.sending = false;
    }
  }

  private async sendOne(batch: readonly WidgetCallEvent[]): Promise<'sent' | { retryAfter: number | null }> {
    let response: Response;
    try {
      response = await this.deps.post(batch);
    } catch {
      return { retryAfter: null };
    }
    if (response.status === 202 || response.status === 200) {
      await response.body?.cancel().catch(() => undefined);
      this.settled(batch, new Set(batch.map((e) => e.eventId)));
      return 'sent';
    }
    if (response.status === 400 || response.status === 413) {
      const { error, issues } = await readConnectorAnswer(response);
      const named = response.status === 400 ? namedEvents(issues, batch) : null;
      const invalid = named ?? (batch.length === 1 ? batch : null);
      if (invalid === null) {
        // The answer names no event (or the batch is too large): find the bad one by sending these one by one.
        this.isolating = batch.length;
        return 'sent';
      }
      this.deps.queue.remove(new Set(invalid.map((e) => e.eventId)));
      this.deps.onDropped(invalid, error);
      if (this.isolating > 0) this.isolating -= 1;
      return 'sent';
    }
    await response.body?.cancel().catch(() => undefined);
    return { retryAfter: retryAfterMs(response.headers.get('retry-after'), this.deps.now()) };
  }

  private settled(batch: readonly WidgetCallEvent[], ids: ReadonlySet<string>): void {
    this.deps.queue.remove(ids);
    this.failures = 0;
    if (this.isolating > 0) this.isolating = Math.max(0, this.isolating - batch.length);
  }

  private wait(retryAfter: number | null): void {
    if (this.stopped) return;
    const backoff = retryDelay(this.deps.retry, this.failures, this.deps.random);
    this.failures += 1;
    this.schedule(retryAfter === null ? backoff : Math.min(retryAfter, this.deps.retry.maxMs));
  }
}

/** The batch's events a 400 names (`body.events.<i>...`), or null when any issue is not about one event. */
function namedEvents(issues: readonly ConnectorIssue[], batch: readonly WidgetCallEvent[]): WidgetCallEvent[] | null {
  if (issues.length === 0) return null;
  const indexes = new Set<number>();
  for (const issue of issues) {
    const match = /^body\.events\.(\d+)(\.|$)/.exec(issue.field);
    const index = match ? Number(match[1]) : NaN;
    if (!(index < batch.length)) return null;
    indexes.add(index);
  }
  return [...indexes].sort((a, b) => a - b).map((i) => batch[i]!);
}
