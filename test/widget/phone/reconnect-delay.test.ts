import assert from 'node:assert/strict';
import { reconnectDelay } from '../../../widget/src/phone/reconnect-delay.js';

describe('reconnectDelay: how long the phone waits before reconnecting', () => {
  it('doubles from the base and stays within the upper half of each step', () => {
    assert.equal(reconnectDelay(0, 1000, 30_000, () => 0), 500);
    assert.equal(reconnectDelay(0, 1000, 30_000, () => 1), 1000);
    assert.equal(reconnectDelay(3, 1000, 30_000, () => 0), 4000);
    assert.equal(reconnectDelay(3, 1000, 30_000, () => 1), 8000);
  });

  it('never exceeds the cap, however many attempts failed', () => {
    for (const attempt of [5, 10, 50, 1000]) assert.ok(reconnectDelay(attempt, 1000, 30_000, () => 1) <= 30_000);
  });

  it('spreads agents out: different random draws give different delays', () => {
    assert.notEqual(reconnectDelay(4, 1000, 30_000, () => 0.1), reconnectDelay(4, 1000, 30_000, () => 0.9));
  });
});
