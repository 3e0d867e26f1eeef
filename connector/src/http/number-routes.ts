import { Router } from 'express';
import type { CrmRecord } from '../crm/crm-record.js';
import type { NumberService } from '../services/number-service.js';
import { methodNotAllowed } from './error-handler.js';
import { lookupQuery, recordParams, resolveBody } from './request-schemas.js';
import { validate } from './validate.js';

/** `/api/v1` routes that turn CRM numbers into SIP targets: resolve, a record's numbers, reverse lookup. */
export function numberRoutes(numbers: NumberService): Router {
  const router = Router();

  router.post('/resolve', async (req, res) => {
    const body = validate(resolveBody, req.body, 'body');
    const record = body.recordId && body.objectType ? { objectType: body.objectType, id: body.recordId } : undefined;
    res.json(await numbers.resolve({ number: body.number, ...(record ? { record } : {}) }));
  });

  router.get('/records/:objectType/:id/numbers', async (req, res) => {
    const params = validate(recordParams, req.params, 'params');
    const { record, numbers: entries } = await numbers.recordNumbers(params);
    res.json({ record: recordView(record), numbers: entries });
  });

  router.get('/lookup', async (req, res) => {
    const query = validate(lookupQuery, req.query, 'query');
    const { target, matches } = await numbers.lookup(query.number);
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
