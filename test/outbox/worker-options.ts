import type { OutboxWorkerOptions } from '../../connector/src/outbox/outbox-worker.js';

/**
 * The outbox worker options the outbox tests run with: a 100 ms flush window, batches of 200 (the worker caps them at
 * the adapter's `maxBatchSize`), claims held 30 s, no wait for wrap-ups, CRM requests of at most 10 s, 5 attempts with backoff from 1 s to
 * 60 s, and a circuit that opens after 3 failed requests, for 30 s. A test that needs another value spreads this and
 * overrides it.
 */
export const WORKER_OPTIONS: OutboxWorkerOptions = {
  flushWindowMs: 100,
  batchSize: 200,
  leaseMs: 30_000,
  wrapUpHoldMs: 0,
  crmTimeoutMs: 10_000,
  heartbeatTimeoutMs: 90_000,
  retryBaseMs: 1000,
  retryMaxMs: 60_000,
  maxAttempts: 5,
  breakerThreshold: 3,
  breakerCooldownMs: 30_000,
};
