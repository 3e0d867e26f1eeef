import { Router } from 'express';
import type { CrmRecord } from '../crm/crm-record.js';
import { AuditLog } from '../services/audit-log.js';
import { CallLimits } from '../services/call-limits.js';
import { DialGate, type DialRefusalCode } from '../services/dial-gate.js';
import type { NumberService } from '../services/number-service.js';
import type { TenantPolicy } from '../services/tenant-policy.js';
import type { Store } from '../store/store.js';
import { currentAgent } from './agent-auth.js';
import { methodNotAllowed } from './error-handler.js';
import { lookupQuery, recordParams, resolveBody } from './request-schemas.js';
import { validate } from './validate.js';

export interface NumberRoutesDeps {
  readonly numbers: NumberService;
  /** Counts dials and keeps the audit log and the record of refused ones. */
  readonly store: Store;
  /** The tenant's default call limits in effect (an admin's, else `Config.callLimits`), read on every dial. */
  readonly tenantPolicy: TenantPolicy;
  /** Told the code of every refused dial (the refusals metric). */
  readonly onRefused?: (code: DialRefusalCode) => void;
  readonly now?: () => number;
}

/**
 * `/api/v1` routes that turn CRM numbers into SIP targets: resolve, a record's numbers, reverse lookup. They run after
 * the session check: every verdict is the signed-in agent's (its allowed countries narrow the tenant's), and a resolve
 * with `purpose: "dial"` is the moment the connector applies the agent's call limits.
 */
export function numberRoutes(deps: NumberRoutesDeps): Router {
  const router = Router();
  const now = deps.now ?? Date.now;
  const gate = new DialGate({
    store: deps.store,
    limits: new CallLimits({ store: deps.store, tenant: deps.tenantPolicy.configured.callLimits, source: () => deps.tenantPolicy.callLimits() }),
    audit: new AuditLog({ store: deps.store, now }),
    now,
    ...(deps.onRefused ? { onRefused: deps.onRefused } : {}),
  });

  router.post('/resolve', async (req, res) => {
    const body = validate(resolveBody, req.body, 'body');
    const agent = currentAgent(res);
    const record = body.recordId && body.objectType ? { objectType: body.objectType, id: body.recordId } : undefined;
    const resolution = await deps.numbers.resolve({ number: body.number, allowedCountries: agent.allowedCountries, ...(record ? { record } : {}) });
    res.json(body.purpose === 'dial' ? await gate.admit(agent, resolution) : resolution);
  });

  router.get('/records/:objectType/:id/numbers', async (req, res) => {
    const params = validate(recordParams, req.params, 'params');
    const { record, numbers: entries } = await deps.numbers.recordNumbers(params, currentAgent(res).allowedCountries);
    res.json({ record: recordView(record), numbers: entries });
  });

  router.get('/lookup', async (req, res) => {
    const query = validate(lookupQuery, req.query, 'query');
    const { target, matches } = await deps.numbers.lookup(query.number);
    res.json({
      e164: target.e164,
      display: target.display,
      matches: matches.map((m) => ({ ...recordView(m.record), matchedField: m.matchedField })),
    });
  });

  router.all('/resolve', methodNotAllowed(['POST']));
  router.all('/records/:objectType/:id/numbers', methodNotAllowed(['GET', 'HEAD']));
  router.all('/lookup', methodNotAllowed(['GET', 'HEAD']));
  return router;
}

function recordView(record: CrmRecord) {
  return {
    id: record.id,
    objectType: record.objectType,
    name: record.name,
    company: record.company,
    country: record.country,
    doNotCall: record.doNotCall,
  };
}
