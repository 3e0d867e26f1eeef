import { processMemory } from './proc-memory.js';

/**
 * Reads a process's VmRSS every `everyMs` until stopped, so a short peak between two readings of interest is seen. A
 * process that is gone ends the sampling quietly; `stop` then says so.
 */
export class RssSampler {
  private readonly samples: number[] = [];
  private readonly timer: NodeJS.Timeout;
  private lost: unknown = null;

  constructor(
    private readonly pid: number,
    everyMs: number,
  ) {
    this.samples.push(processMemory(pid).rssMb);
    this.timer = setInterval(() => {
      try {
        this.samples.push(processMemory(this.pid).rssMb);
      } catch (error) {
        this.lost = error;
        clearInterval(this.timer);
      }
    }, everyMs);
    this.timer.unref();
  }

  /** Stops sampling; answers the highest reading and how many there were, or fails if the process went away. */
  stop(): { peakMb: number; count: number } {
    clearInterval(this.timer);
    if (this.lost !== null) throw new Error(`process ${this.pid} went away while its memory was sampled`, { cause: this.lost });
    this.samples.push(processMemory(this.pid).rssMb);
    return { peakMb: Math.max(...this.samples), count: this.samples.length };
  }
}
