/**
 * Stops hammering a CRM that is down: after `threshold` whole-request failures in a row the circuit opens and no
 * request is sent for `cooldownMs`; then one trial batch is let through (half-open), whose outcome closes or reopens it.
 *
 *            failure x threshold              cooldown elapsed
 *   closed ──────────────────────> open ─────────────────────> half-open
 *     ^                              ^                             │
 *     │          success             │          failure            │
 *     └──────────────────────────────┼─────────────────────────────┤
 *                                    └─────────────────────────────┘
 */
export type CircuitState = 'closed' | 'open' | 'half-open';

export class CircuitBreaker {
  private current: CircuitState = 'closed';
  private failures = 0;
  private openedAt = 0;

  constructor(
    private readonly options: { readonly threshold: number; readonly cooldownMs: number },
    private readonly onTransition: (from: CircuitState, to: CircuitState) => void = () => {},
  ) {}

  get state(): CircuitState {
    return this.current;
  }

  /** Whether a request may be sent now; moves open to half-open once the cooldown has passed. */
  allows(now: number): boolean {
    if (this.current === 'open' && now - this.openedAt >= this.options.cooldownMs) this.transition('half-open');
    return this.current !== 'open';
  }

  success(): void {
    this.failures = 0;
    if (this.current !== 'closed') this.transition('closed');
  }

  failure(now: number): void {
    this.failures += 1;
    if (this.current === 'half-open' || (this.current === 'closed' && this.failures >= this.options.threshold)) {
      this.openedAt = now;
      this.transition('open');
    }
  }

  private transition(to: CircuitState): void {
    const allowed: Record<CircuitState, CircuitState[]> = {
      closed: ['open'],
      open: ['half-open'],
      'half-open': ['closed', 'open'],
    };
    if (!allowed[this.current].includes(to)) throw new Error(`circuit breaker cannot go from ${this.current} to ${to}`);
    const from = this.current;
    this.current = to;
    this.onTransition(from, to);
  }
}
