import assert from 'node:assert/strict';
import { hashToken } from '../../connector/src/auth/sign-in-key.js';
import { MAX_MERGED_AGENTS } from '../../connector/src/store/call-fact-cursor.js';
import { SqliteStore } from '../../connector/src/store/sqlite-store.js';
import type { CallFact, UsageFilter } from '../../connector/src/store/store.js';
import { compiledDuring, queryPlan } from './query-plans.js';
import { callEvents, foldAll, type CallPlan } from './usage-calls.js';

const T = Date.parse('2026-07-01T00:00:00.000Z');
const DAY = 86_400_000;
/** More agents than are merged, so both ways of reading a page are used: Sales is too big to merge, Support is not. */
const SALES = Array.from({ length: MAX_MERGED_AGENTS + 10 }, (_, i) => `sales-${String(i).padStart(2, '0')}`);
const SUPPORT = Array.from({ length: 12 }, (_, i) => `support-${String(i).padStart(2, '0')}`);

const ended = (agentId: string, callId: string, startMs: number): CallPlan => ({
  agentId, callId, startMs, direction: 'outbound', answerAfterMs: null, endAfterMs: 5000, cause: 'no-answer',
});

/** Every page of the export, each after the last fact of the one before, as the CSV route reads them. */
async function allPages(store: SqliteStore, filter: UsageFilter, limit: number): Promise<string[]> {
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

/** How SQLite reads the export's pages; what they hold is in the shared store suite (contract/call-facts.test.ts). */
describe('SQLite store: paging the calls export', () => {
  let store: SqliteStore;
  beforeEach(async () => {
    store = SqliteStore.open(':memory:');
    for (const id of SALES) await store.createAgent({ id, name: id, crmUserId: null, disabled: false, team: 'Sales', tokenHash: hashToken(id) });
    for (const id of SUPPORT) await store.createAgent({ id, name: id, crmUserId: null, disabled: false, team: 'Support', tokenHash: hashToken(id) });
    await store.createAgent({ id: 'loner', name: 'Loner', crmUserId: null, disabled: false, team: 'Night', tokenHash: hashToken('loner') });
  });
  afterEach(() => store.close());

  it('seeks each page from its cursor in an index, never scanning the calls, whatever the filter', async () => {
    const plans = [...SALES, ...SUPPORT].flatMap((agentId, i) => [ended(agentId, `x${i}`, T + i * 1000), ended(agentId, `y${i}`, T + DAY / 2 + i * 1000)]);
    await store.appendCallEvents(plans.flatMap(callEvents), Date.now());
    await foldAll(store, Date.now());
    const range = { from: T, to: T + DAY };
    const filters: UsageFilter[] = [
      { ...range, agentIds: null, team: null },
      { ...range, agentIds: null, team: 'Sales' },
      { ...range, agentIds: null, team: 'Support' },
      { ...range, agentIds: ['support-01', 'unknown'], team: null },
    ];
    const compiled = await compiledDuring(async () => {
      for (const filter of filters) assert.ok((await allPages(store, filter, 5)).length > 0);
    });
    const reads = compiled.filter(({ sql }) => /FROM call_facts/.test(sql));
    assert.ok(reads.length >= 6, `the first pages and those after a cursor, merged and not: ${reads.length} statements`);
    const cursorReads = reads.filter(({ sql }) => sql.includes('@afterLeg'));
    assert.ok(cursorReads.length >= 3, 'pages after the first start from the cursor');
    for (const statement of reads) {
      const { sql } = statement;
      const steps = queryPlan(statement);
      assert.doesNotMatch(steps, /SCAN call_facts/, `${sql}\n${steps}`);
      assert.match(steps, /SEARCH call_facts USING (COVERING )?INDEX call_facts_by_(start|agent)/, `${sql}\n${steps}`);
      assert.doesNotMatch(steps, /TEMP B-TREE/, `read in index order, never sorted: ${sql}\n${steps}`);
      if (sql.includes('@afterLeg')) {
        assert.match(steps, /\(started_at,leg\)>\(\?,\?\)/, `the cursor is where the index is entered: ${sql}\n${steps}`);
        assert.doesNotMatch(sql, /started_at >= @from/, 'the range start is dropped once there is a cursor');
      }
    }
  });
});
