import assert from 'node:assert/strict';
import { backoffDelay } from '../../connector/src/outbox/backoff.js';

describe('retry backoff', () => {
  const options = { baseMs: 1000, maxMs: 60_000 };

  it('doubles with each attempt, between half and all of the ceiling', () => {
    assert.equal(backoffDelay(0, options, () => 0), 500);
    assert.equal(backoffDelay(0, options, () => 1), 1000);
    assert.equal(backoffDelay(3, options, () => 0), 4000);
    assert.equal(backoffDelay(3, options, () => 1), 8000);
  });

  it('never waits longer than the maximum, however many attempts failed', () => {
    assert.equal(backoffDelay(50, options, () => 1), 60_000);
    assert.equal(backoffDelay(10_000, options, () => 1), 60_000);
  });

  it('spreads retries of calls that failed together', () => {
    const delays = new Set([0.1, 0.4, 0.7, 0.9].map((r) => backoffDelay(4, options, () => r)));
    assert.equal(delays.size, 4);
  });
});
