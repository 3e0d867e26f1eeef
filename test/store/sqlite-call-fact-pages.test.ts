import assert from 'node:assert/strict';
import { SqliteStore } from '../../connector/src/store/sqlite-store.js';
import type { UsageFilter } from '../../connector/src/store/store.js';
import { allPages, createExportAgents, DAY, SALES, SUPPORT, T, unansweredCall } from './calls-export-kit.js';
import { compiledDuring, queryPlan } from './query-plans.js';
import { callEvents, foldAll } from './usage-calls.js';

/** How SQLite reads the export's pages; what they hold is in the shared store suite (contract/call-facts.test.ts). */
describe('SQLite store: paging the calls export', () => {
  let store: SqliteStore;
  beforeEach(async () => {
    store = SqliteStore.open(':memory:');
    await createExportAgents(store);
  });
  afterEach(() => store.close());

  it('seeks each page from its cursor in an index, never scanning the calls, whatever the filter', async () => {
    const plans = [...SALES, ...SUPPORT].flatMap((agentId, i) => [
      unansweredCall(agentId, `x${i}`, T + i * 1000),
      unansweredCall(agentId, `y${i}`, T + DAY / 2 + i * 1000),
    ]);
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
