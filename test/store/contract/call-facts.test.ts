import assert from 'node:assert/strict';
import fc from 'fast-check';
import { MAX_MERGED_AGENTS } from '../../../connector/src/store/call-fact-cursor.js';
import type { Store, UsageFilter } from '../../../connector/src/store/store.js';
import { allPages, createExportAgents, DAY, SALES, SUPPORT, T, unansweredCall } from '../calls-export-kit.js';
import { callEvents, foldAll } from '../usage-calls.js';
import { describeEachStore } from './store-kinds.js';

/**
 * Property runs per store kind: a PostgreSQL run folds its hundreds of calls over the network (about a second), so it
 * gets fewer runs than the in-memory SQLite store.
 */
const RUNS = { SQLite: 25, PostgreSQL: 6 } as const;

describeEachStore('paging the calls export', (open, kind) => {
  let store: Store;
  beforeEach(async () => {
    store = await open();
    await createExportAgents(store);
  });

  it('gives every filter the same facts, in the same order, as reading them all and keeping the matches', async () => {
    const agents = [...SALES, ...SUPPORT, 'gone'];
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            // A few agents make most calls, so merging reads each of them chunk after chunk.
            agent: fc.oneof(fc.constantFrom(0, 1, SALES.length, SALES.length + 1), fc.integer({ min: 0, max: agents.length - 1 })),
            // Mostly around the range's start, some anywhere from the day before to the day after.
            second: fc.oneof(fc.integer({ min: -600, max: 7200 }), fc.integer({ min: -86_400, max: 2 * 86_400 })),
          }),
          { minLength: 100, maxLength: 400 },
        ),
        fc.oneof(fc.integer({ min: 1, max: 40 }), fc.constant(1000)),
        async (calls, limit) => {
          // Each run has its own ten days, so runs share the store (and its agents) without seeing each other's calls.
          run += 1;
          const start = T + run * 10 * DAY;
          // Many calls share a minute: ties are ordered by leg across agents.
          const plans = calls.map(({ agent, second }, i) =>
            unansweredCall(agents[agent]!, `r${run}c${i}`, start + Math.floor(second / 60) * 60_000),
          );
          await store.appendCallEvents(plans.flatMap(callEvents), Date.now());
          await foldAll(store, Date.now());
          const range = { from: start, to: start + DAY };
          const everything = await store.callFacts({ from: start - 5 * DAY, to: start + 5 * DAY, agentIds: null, team: null }, { limit: 100_000 });
          const teams: Record<string, readonly string[]> = { Sales: SALES, Support: SUPPORT };
          const filters: UsageFilter[] = [
            { ...range, agentIds: null, team: null },
            { ...range, agentIds: null, team: 'Sales' },
            { ...range, agentIds: null, team: 'Support' },
            { ...range, agentIds: null, team: 'Nobody' },
            { ...range, agentIds: ['support-01', 'sales-03', 'gone', 'never-existed'], team: null },
            { ...range, agentIds: [...SALES.slice(0, MAX_MERGED_AGENTS + 5), 'gone'], team: null },
            { ...range, agentIds: ['sales-01', 'support-01', 'support-02'], team: 'Support' },
            { ...range, agentIds: ['never-existed', 'nor-this-one'], team: null },
            { ...range, agentIds: [SALES[0]!, SALES[1]!, SUPPORT[0]!], team: null },
          ];
          for (const filter of filters) {
            const expected = everything
              .filter((fact) => fact.startedAt >= filter.from && fact.startedAt < filter.to)
              .filter((fact) => filter.agentIds === null || filter.agentIds.includes(fact.agentId))
              .filter((fact) => filter.team === null || (teams[filter.team] ?? []).includes(fact.agentId))
              .map((fact) => fact.leg);
            assert.deepEqual(await allPages(store, filter, limit), expected, JSON.stringify({ ...filter, agentIds: filter.agentIds?.length }));
          }
        },
      ),
      { numRuns: RUNS[kind] },
    );
  });

  it('exports a team’s calls, and the calls of deleted agents named by id, but not those of unknown ids', async () => {
    const calls = [
      unansweredCall('support-01', 'a', T + 1000),
      unansweredCall('sales-01', 'b', T + 2000),
      unansweredCall('loner', 'c', T + 3000),
      unansweredCall('support-02', 'd', T + 3000),
    ];
    await store.appendCallEvents(calls.flatMap(callEvents), Date.now());
    await foldAll(store, Date.now());
    await store.deleteAgent('loner');
    const range = { from: T, to: T + DAY };
    assert.deepEqual(await allPages(store, { ...range, agentIds: null, team: 'Support' }, 1), ['support-01:a', 'support-02:d']);
    assert.deepEqual(await allPages(store, { ...range, agentIds: ['loner', 'no-such-agent'], team: null }, 10), ['loner:c']);
    assert.deepEqual(await allPages(store, { ...range, agentIds: ['no-such-agent'], team: null }, 10), []);
    assert.deepEqual(await allPages(store, { ...range, agentIds: null, team: 'Night' }, 10), [], 'a deleted agent is in no team');
  });
});
