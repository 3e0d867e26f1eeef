import assert from 'node:assert/strict';
import { nextSessionStep, retrySessionStep } from '../../../widget/src/app/session-timing.js';

const NOW = Date.UTC(2025, 0, 6, 9, 0, 0);
const MIN = 60_000;
const AGENT = { id: 'maria', name: 'Maria', role: 'agent' };
const session = (expiresIn: number, refreshableFor: number) => ({ token: 't', expiresAt: NOW + expiresIn, refreshUntil: NOW + refreshableFor, clockOffsetMs: 0, agent: AGENT });

describe('session timing', () => {
  it('refreshes at two thirds of the remaining life', () => {
    assert.deepEqual(nextSessionStep(session(15 * MIN, 12 * 60 * MIN), NOW), { action: 'refresh', at: NOW + 10 * MIN });
    assert.deepEqual(nextSessionStep(session(3 * MIN, 12 * 60 * MIN), NOW), { action: 'refresh', at: NOW + 2 * MIN });
  });

  it('refreshes just before the maximum age when that comes first, and ends with the token once none is left', () => {
    assert.deepEqual(nextSessionStep(session(15 * MIN, 4 * MIN), NOW), { action: 'refresh', at: NOW + 4 * MIN - 5000 });
    assert.deepEqual(nextSessionStep(session(15 * MIN, 5000), NOW), { action: 'end', at: NOW + 15 * MIN });
    assert.deepEqual(nextSessionStep(session(-1, 60 * MIN), NOW), { action: 'end', at: NOW }, 'already expired');
  });

  it('asks again after a failed refresh within a third of what is left, 1 to 30 s, while the token lasts', () => {
    assert.deepEqual(retrySessionStep(session(5 * MIN, 60 * MIN), NOW), { action: 'refresh', at: NOW + 30_000 });
    assert.deepEqual(retrySessionStep(session(30_000, 60 * MIN), NOW), { action: 'refresh', at: NOW + 10_000 });
    assert.deepEqual(retrySessionStep(session(2000, 60 * MIN), NOW), { action: 'refresh', at: NOW + 1000 });
    assert.deepEqual(retrySessionStep(session(900, 60 * MIN), NOW), { action: 'end', at: NOW + 900 });
    assert.deepEqual(retrySessionStep(session(5 * MIN, 10_000), NOW), { action: 'end', at: NOW + 5 * MIN }, 'no refresh left to ask for');
  });
});
