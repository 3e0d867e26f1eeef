import assert from 'node:assert/strict';
import type { Timers } from '../../../widget/src/connector/connector-ports.js';
import { HttpConnectorApi } from '../../../widget/src/connector/http-connector-api.js';
import { retryAfterMs, retryDelay } from '../../../widget/src/connector/retry-delay.js';
import { answeredEvent, flakyFetch, MemoryStorage, startConnector, storedIds, TOKEN, type LiveConnector } from './connector-kit.js';

/** Timers that note each wait asked for, then run it at once: the test reads the waits without spending them. */
function recordingTimers(): Timers & { waits: number[] } {
  const waits: number[] = [];
  return {
    waits,
    setTimeout: (callback, ms) => {
      if (ms > 0 && ms < 15_000) waits.push(ms);
      return setTimeout(callback, ms >= 15_000 ? 60_000 : 0);
    },
    clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
  };
}

describe('HttpConnectorApi: retry timing', () => {
  let connector: LiveConnector;
  afterEach(() => connector?.close());

  it('backs off exponentially up to the cap, and waits what Retry-After asks (capped) on 429 and 503', async () => {
    connector = await startConnector();
    const inFiveSeconds = new Date(Date.parse('2026-01-01T00:00:00Z') + 5000).toUTCString();
    const { fetch, exchanges } = flakyFetch([
      'network',
      { status: 502 },
      { status: 429, headers: { 'Retry-After': '3' } },
      'network',
      'network',
      { status: 503, headers: { 'Retry-After': inFiveSeconds } },
      { status: 503, headers: { 'Retry-After': '3600' } },
    ]);
    const timers = recordingTimers();
    const api = new HttpConnectorApi({
      baseUrl: connector.baseUrl,
      token: () => TOKEN,
      storage: new MemoryStorage(),
      storageKey: 'k',
      fetch,
      timers,
      now: () => Date.parse('2026-01-01T00:00:00Z'),
      random: () => 1,
      retry: { baseMs: 100, maxMs: 10_000 },
      sendBeacon: null,
    });
    const event = answeredEvent('timing');
    api.report(event);
    await api.drain();
    api.stop();
    assert.deepEqual(exchanges.map((x) => x.status), ['network error', 502, 429, 'network error', 'network error', 503, 503, 202]);
    // 100 * 2^failures with full jitter at random() = 1; Retry-After replaces the backoff, capped at maxMs.
    assert.deepEqual(timers.waits, [100, 200, 3000, 800, 1600, 5000, 10_000]);
    assert.deepEqual(await storedIds(connector.store, 'timing'), [event.eventId]);
  });
});

describe('retryDelay and retryAfterMs', () => {
  const policy = { baseMs: 1000, maxMs: 60_000 };

  it('waits between half and all of the exponential step, never over the cap', () => {
    assert.equal(retryDelay(policy, 0, () => 0), 500);
    assert.equal(retryDelay(policy, 0, () => 1), 1000);
    assert.equal(retryDelay(policy, 3, () => 0.5), 6000);
    assert.equal(retryDelay(policy, 10, () => 1), 60_000);
    assert.equal(retryDelay(policy, 500, () => 0), 30_000);
  });

  it('reads Retry-After as seconds or an HTTP date, and nothing else', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    assert.equal(retryAfterMs('120', now), 120_000);
    assert.equal(retryAfterMs('Thu, 01 Jan 2026 00:00:30 GMT', now), 30_000);
    assert.equal(retryAfterMs('Wed, 31 Dec 2025 23:00:00 GMT', now), 0);
    assert.equal(retryAfterMs(null, now), null);
    assert.equal(retryAfterMs('soon', now), null);
    assert.equal(retryAfterMs('-5', now), null);
  });
});
