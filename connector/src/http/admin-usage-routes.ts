import { performance } from 'node:perf_hooks';
import { Router } from 'express';
import type { AuditLog } from '../services/audit-log.js';
import { usageResponse, usageWindow } from '../services/usage-report.js';
import type { Store } from '../store/store.js';
import { actorOf } from './agent-auth.js';
import { sendCallsCsv } from './calls-csv-download.js';
import { methodNotAllowed } from './error-handler.js';
import { parseUsageQuery } from './usage-query-schema.js';

/**
 * `/api/v1/admin/usage` (usage by day, hour and agent, refusals) and `/api/v1/admin/calls.csv` (every ended call of
 * the same query, streamed page by page; see `calls-csv-download.ts`, audited `calls.export` at its start and
 * `calls.export.done` at its end). Both take `from`, `to`, `tz`, `agent`, `team` (see `usage-query-schema.ts`) and
 * answer `Cache-Control: no-store`. Runs behind the admin check.
 */
export function adminUsageRoutes(deps: { readonly store: Store; readonly audit: AuditLog; readonly now: () => number }): Router {
  const router = Router();
  const { store } = deps;

  router.get('/usage', async (req, res) => {
    const started = performance.now();
    const query = parseUsageQuery(req.query, deps.now());
    const window = usageWindow(query);
    const [report, agents] = await Promise.all([store.usage(window.filter, window.segments), store.listAgents()]);
    const tookMs = Math.round(performance.now() - started);
    res.set('Cache-Control', 'no-store').json(usageResponse({ query, window, report, agents, tookMs }));
  });

  router.get('/calls.csv', async (req, res) => {
    const query = parseUsageQuery(req.query, deps.now());
    await sendCallsCsv({ req, res, store, audit: deps.audit, query, actor: actorOf(res) });
  });

  router.all('/usage', methodNotAllowed(['GET', 'HEAD']));
  router.all('/calls.csv', methodNotAllowed(['GET', 'HEAD']));
  return router;
}
