import type { Logger } from 'pino';
import { Counter, Gauge, type Registry } from 'prom-client';
import { countByRegistration, PRESENCE_TTL_MS } from '../services/widget-presence.js';
import type { OutboxCounts, Store } from '../store/store.js';

/** What the store gauges read, and when a call without news counts as over. */
export interface StoreGaugeDeps {
  readonly store: Store;
  readonly logger: Logger;
  /** `HEARTBEAT_TIMEOUT_MS`: a call not heard from for this long is no longer in progress. */
  readonly heartbeatTimeoutMs: number;
  readonly now?: () => number;
}

/**
 * Registers the gauges read from the store at scrape time: `connector_outbox_entries{status}`,
 * `connector_outbox_oldest_pending_seconds`, `connector_widgets{registration}` (widgets heard from within
 * `PRESENCE_TTL_MS`) and `connector_calls_in_progress`. They are the tenant's, read from the shared store: every
 * instance reports the same values (aggregate with max(), not sum()).
 *
 * A store error during a scrape is logged, counted in `connector_store_scrape_errors_total{gauge}` and leaves that
 * gauge without a sample for the scrape (never a stale value that looks current), so `/metrics` keeps answering while
 * the store does not. Both outbox gauges come from one read of the outbox counts per scrape.
 */
export function registerStoreGauges(registry: Registry, deps: StoreGaugeDeps): void {
  const now = deps.now ?? Date.now;
  /** The reads of the scrape under way; the error counter waits for them, so a failure counts in its own scrape. */
  const reading = new Set<Promise<unknown>>();
  /** Reads for the gauge `name`; on failure, logs, counts and clears the gauge, and gives null. Never rejects. */
  const read = <T, L extends string>(name: string, gauge: Gauge<L>, query: () => Promise<T>): Promise<T | null> => {
    const done = (async () => {
      try {
        return await query();
      } catch (error) {
        deps.logger.warn({ err: error, gauge: name }, 'the store did not answer for a metric; it has no sample in this scrape');
        errors.inc({ gauge: name });
        clear(gauge);
        return null;
      }
    })();
    reading.add(done);
    void done.finally(() => reading.delete(done));
    return done;
  };
  // Every collect of one scrape starts before any read ends (prom-client collects all metrics at once), so the two
  // outbox gauges share the read in flight.
  let outboxRead: Promise<OutboxCounts> | null = null;
  const outboxCounts = () => {
    outboxRead ??= deps.store.outboxCounts(now()).finally(() => {
      outboxRead = null;
    });
    return outboxRead;
  };

  new Gauge({
    name: 'connector_outbox_entries',
    help: 'Call logs in the outbox, by status (pending: waiting for the CRM, delivered, dead: refused, waiting for an admin); tenant-wide',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      const counts = await read('connector_outbox_entries', this, outboxCounts);
      if (!counts) return;
      this.set({ status: 'pending' }, counts.pending);
      this.set({ status: 'delivered' }, counts.delivered);
      this.set({ status: 'dead' }, counts.dead);
    },
  });

  new Gauge({
    name: 'connector_outbox_oldest_pending_seconds',
    help: 'How long the oldest call log waiting for the CRM has waited, 0 when none waits; tenant-wide',
    registers: [registry],
    async collect() {
      const counts = await read('connector_outbox_oldest_pending_seconds', this, outboxCounts);
      if (counts) this.set(counts.oldestPendingAgeMs / 1000);
    },
  });

  new Gauge({
    name: 'connector_widgets',
    help: 'Softphone widgets heard from within the presence TTL, by the SIP registration they report; tenant-wide',
    labelNames: ['registration'],
    registers: [registry],
    async collect() {
      const reports = await read('connector_widgets', this, () => deps.store.presenceSince(now() - PRESENCE_TTL_MS));
      if (!reports) return;
      for (const [registration, count] of Object.entries(countByRegistration(reports))) this.set({ registration }, count);
    },
  });

  new Gauge({
    name: 'connector_calls_in_progress',
    help: 'Calls not ended whose widget reported within the heartbeat timeout; tenant-wide',
    registers: [registry],
    async collect() {
      const count = await read('connector_calls_in_progress', this, () => deps.store.countCallsInProgress(now() - deps.heartbeatTimeoutMs));
      if (count !== null) this.set(count);
    },
  });

  // Registered after the gauges: prom-client starts every collect of a scrape at once, in registration order, so the
  // gauges' reads are under way when this one waits for them.
  const errors = new Counter({
    name: 'connector_store_scrape_errors_total',
    help: 'Scrapes in which the store did not answer for a gauge, by gauge (the gauge then has no sample)',
    labelNames: ['gauge'],
    registers: [registry],
    async collect() {
      await Promise.all([...reading]);
    },
  });
}

/** Leaves the gauge without any sample until it is set again (`reset` alone would show 0 for a gauge without labels). */
function clear<L extends string>(gauge: Gauge<L>): void {
  gauge.reset();
  gauge.remove({});
}
