import type { CallFact } from './store.js';
import { byCodeUnits } from './usage-counts.js';

/** Where a page of the calls export continues from: the last fact of the page before. */
export interface FactCursor {
  readonly startedAt: number;
  readonly leg: string;
}

/**
 * Up to this many agents with calls in range are paged each through its own (agent, start) index and merged; more are
 * read through the start index, checking each row's agent (by then most rows of the range are theirs anyway).
 */
export const MAX_MERGED_AGENTS = 50;

/** The fewest rows read from one agent at a time while merging, so an agent with few calls costs one read. */
export const MIN_AGENT_CHUNK = 16;

/** How many facts to read from each merged agent at a time for a page of `limit`. */
export function agentChunk(limit: number, agents: number): number {
  return Math.min(limit, Math.max(MIN_AGENT_CHUNK, Math.ceil(limit / agents)));
}

/**
 * Whether `a` comes before `b` in (started_at, leg) order, legs by UTF-16 code units: the order of the stores'
 * indexes (SQLite's BINARY collation; PostgreSQL's "C" collation of the leg).
 */
export function factBefore(a: Pick<CallFact, 'startedAt' | 'leg'>, b: Pick<CallFact, 'startedAt' | 'leg'>): boolean {
  return a.startedAt < b.startedAt || (a.startedAt === b.startedAt && byCodeUnits(a.leg, b.leg) < 0);
}

/**
 * The cursor a page starts after, or none: a cursor before the range (never given by a page of it) would read outside
 * it, so the page starts at the range then.
 */
export function cursorInRange(from: number, after: FactCursor | undefined): FactCursor | undefined {
  return after && after.startedAt >= from ? after : undefined;
}
