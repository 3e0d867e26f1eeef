import type { Timers } from '../../../widget/src/connector/connector-ports.js';

/**
 * Time that moves only when the test says: `timers` and `now` for the code under test, `advance` to run what falls
 * due in order (letting promise chains settle after each), `pending` to see what is scheduled.
 */
export class FakeClock {
  private current: number;
  private nextId = 1;
  private readonly due = new Map<number, { at: number; run: () => void }>();

  constructor(start = Date.UTC(2025, 0, 6, 9, 0, 0)) {
    this.current = start;
  }

  readonly now = (): number => this.current;

  readonly timers: Timers = {
    setTimeout: (run, ms) => {
      const id = this.nextId++;
      this.due.set(id, { at: this.current + Math.max(0, ms), run });
      return id;
    },
    clearTimeout: (handle) => {
      this.due.delete(handle as number);
    },
  };

  /** When the scheduled callbacks will run, soonest first (epoch ms). */
  pending(): number[] {
    return [...this.due.values()].map((t) => t.at).sort((a, b) => a - b);
  }

  async advance(ms: number): Promise<void> {
    const until = this.current + ms;
    for (;;) {
      const next = [...this.due.entries()].sort((a, b) => a[1].at - b[1].at)[0];
      if (!next || next[1].at > until) break;
      this.due.delete(next[0]);
      this.current = next[1].at;
      next[1].run();
      await settle();
    }
    this.current = until;
    await settle();
  }
}

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i += 1) await new Promise<void>((resolve) => setImmediate(resolve));
}
