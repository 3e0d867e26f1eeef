import assert from 'node:assert/strict';
import { hashToken } from '../../connector/src/auth/sign-in-key.js';
import { MAX_MERGED_AGENTS } from '../../connector/src/store/call-fact-cursor.js';
import type { CallFact, Store, UsageFilter } from '../../connector/src/store/store.js';
import type { CallPlan } from './usage-calls.js';

/** The start of the day the export tests call in. */
export const T = Date.parse('2026-07-01T00:00:00.000Z');
export const DAY = 86_400_000;

/** More agents than are merged, so both ways of reading a page are used: Sales is too big to merge, Support is not. */
export const SALES = Array.from({ length: MAX_MERGED_AGENTS + 10 }, (_, i) => `sales-${String(i).padStart(2, '0')}`);
export const SUPPORT = Array.from({ length: 12 }, (_, i) => `support-${String(i).padStart(2, '0')}`);

/** An outbound call that started at `startMs` and rang out unanswered for 5 s. */
export const unansweredCall = (agentId: string, callId: string, startMs: number): CallPlan => ({
  agentId,
  callId,
  startMs,
  direction: 'outbound',
  answerAfterMs: null,
  endAfterMs: 5000,
  cause: 'no-answer',
});

/** Creates the Sales and Support agents, and `loner`, alone in team Night. */
export async function createExportAgents(store: Store): Promise<void> {
  for (const id of SALES) await store.createAgent({ id, name: id, crmUserId: null, disabled: false, team: 'Sales', tokenHash: hashToken(id) });
  for (const id of SUPPORT) await store.createAgent({ id, name: id, crmUserId: null, disabled: false, team: 'Support', tokenHash: hashToken(id) });
  await store.createAgent({ id: 'loner', name: 'Loner', crmUserId: null, disabled: false, team: 'Night', tokenHash: hashToken('loner') });
}

/**
 * The legs of every page of the export, each page read after the last fact of the one before, as the CSV route reads
 * them; fails when a page holds more than `limit` facts or the pages do not end.
 */
export async function allPages(store: Store, filter: UsageFilter, limit: number): Promise<string[]> {
  const legs: string[] = [];
  let after: { startedAt: number; leg: string } | undefined;
  for (;;) {
    const page: CallFact[] = await store.callFacts(filter, { limit, ...(after ? { after } : {}) });
    assert.ok(page.length <= limit, `a page of ${page.length} facts, limit ${limit}`);
    assert.ok(legs.length < 100_000, 'the pages end');
    legs.push(...page.map((fact) => fact.leg));
    if (page.length < limit) return legs;
    const last = page.at(-1)!;
    after = { startedAt: last.startedAt, leg: last.leg };
  }
}
