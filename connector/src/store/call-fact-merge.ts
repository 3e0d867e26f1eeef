import { factBefore } from './call-fact-cursor.js';
import type { CallFact } from './store.js';

/** An agent's facts as read: a chunk of them, in (started_at, leg) order. */
export interface AgentFacts {
  readonly agentId: string;
  readonly facts: CallFact[];
}

/** One merged agent's facts from the cursor on, read a chunk at a time; `next` is the first not merged yet. */
export interface CallFactLane {
  readonly agentId: string;
  facts: CallFact[];
  next: number;
}

/**
 * Merges agents' facts, each lane read in (started_at, leg) order a chunk of `chunk` at a time, into one run in that
 * order. The reads are the caller's (a store reads synchronously or not): before each {@link take}, the caller MUST
 * give every lane {@link emptied} lists its next chunk through {@link refill}. A lane whose last chunk was short has no
 * more facts and is never listed again.
 */
export class CallFactMerge {
  private readonly lanes: CallFactLane[];

  constructor(private readonly chunk: number, firstChunks: readonly AgentFacts[]) {
    this.lanes = firstChunks.map(({ agentId, facts }) => ({ agentId, facts, next: 0 }));
  }

  /** The lanes that have merged every fact of a full chunk, each with the last fact it merged (the next read's cursor). */
  emptied(): { lane: CallFactLane; after: CallFact }[] {
    return this.lanes
      .filter((lane) => lane.next === lane.facts.length && lane.facts.length === this.chunk)
      .map((lane) => ({ lane, after: lane.facts[lane.next - 1]! }));
  }

  /** Gives the lane its next chunk, read from the cursor {@link emptied} named. */
  refill(lane: CallFactLane, facts: CallFact[]): void {
    lane.facts = facts;
    lane.next = 0;
  }

  /** The first of the lanes' next facts, taken; undefined once every lane is used up. */
  take(): CallFact | undefined {
    let best: CallFactLane | undefined;
    for (const lane of this.lanes) {
      const head = lane.facts[lane.next];
      if (head && (!best || factBefore(head, best.facts[best.next]!))) best = lane;
    }
    if (!best) return undefined;
    best.next += 1;
    return best.facts[best.next - 1];
  }
}
