import { Router } from 'express';
import type { Registry } from 'prom-client';
import type { CrmAdapter } from '../crm/crm-adapter.js';
import { CrmError } from '../crm/crm-error.js';
import type { Store } from '../store/store.js';

type Check = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/**
 * `/healthz` answers while the process serves requests (liveness: restart me if this fails); `/readyz` only when the
 * store and the CRM both answer (readiness: send me traffic); `/metrics` for Prometheus.
 */
export function healthRoutes(deps: { store: Store; crm: CrmAdapter; registry: Registry; isShuttingDown: () => boolean }): Router {
  const router = Router();

  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/readyz', async (_req, res) => {
    const [store, crm] = await Promise.all([
      check(() => deps.store.ping(), 'the store did not answer'),
      check(() => deps.crm.ping(), `the ${deps.crm.name} CRM did not answer`),
    ]);
    const shuttingDown = deps.isShuttingDown();
    const ready = store.ok && crm.ok && !shuttingDown;
    res.status(ready ? 200 : 503).json({
      status: ready ? 'ready' : 'not ready',
      ...(shuttingDown ? { reason: 'the connector is shutting down' } : {}),
      checks: { store, crm },
    });
  });

  router.get('/metrics', async (_req, res) => {
    res.type(deps.registry.contentType).send(await deps.registry.metrics());
  });

  return router;
}

async function check(probe: () => Promise<void>, failure: string): Promise<Check> {
  try {
    await probe();
    return { ok: true };
  } catch (error) {
    const why = error instanceof CrmError ? ` (${error.kind}${error.details.crmCode ? `: ${error.details.crmCode}` : ''})` : '';
    return { ok: false, reason: `${failure}${why}` };
  }
}
