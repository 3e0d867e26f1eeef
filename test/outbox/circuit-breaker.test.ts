import assert from 'node:assert/strict';
import { CircuitBreaker, type CircuitState } from '../../connector/src/outbox/circuit-breaker.js';

describe('circuit breaker', () => {
  function breaker() {
    const transitions: string[] = [];
    const b = new CircuitBreaker({ threshold: 3, cooldownMs: 1000 }, (from: CircuitState, to: CircuitState) => transitions.push(`${from}->${to}`));
    return { b, transitions };
  }

  it('stays closed through fewer failures in a row than the threshold', () => {
    const { b } = breaker();
    b.failure(0);
    b.failure(0);
    b.success();
    b.failure(0);
    b.failure(0);
    assert.equal(b.state, 'closed');
    assert.ok(b.allows(0));
  });

  it('opens after the threshold and sends nothing during the cooldown', () => {
    const { b, transitions } = breaker();
    for (let i = 0; i < 3; i++) b.failure(100);
    assert.equal(b.state, 'open');
    assert.equal(b.allows(1099), false);
    assert.deepEqual(transitions, ['closed->open']);
  });

  it('lets one trial through after the cooldown; success closes it', () => {
    const { b, transitions } = breaker();
    for (let i = 0; i < 3; i++) b.failure(0);
    assert.ok(b.allows(1000));
    assert.equal(b.state, 'half-open');
    b.success();
    assert.deepEqual(transitions, ['closed->open', 'open->half-open', 'half-open->closed']);
  });

  it('reopens at once when the trial fails, for another full cooldown', () => {
    const { b, transitions } = breaker();
    for (let i = 0; i < 3; i++) b.failure(0);
    b.allows(1000);
    b.failure(1000);
    assert.equal(b.state, 'open');
    assert.equal(b.allows(1999), false);
    assert.ok(b.allows(2000));
    assert.deepEqual(transitions, ['closed->open', 'open->half-open', 'half-open->open', 'open->half-open']);
  });
});
