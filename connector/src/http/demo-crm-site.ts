import express, { Router } from 'express';
import { z } from 'zod';
import type { DemoCrmDb } from '../crm/demo/demo-crm-db.js';
import { AppError } from '../errors/app-error.js';
import { DEMO_PUBLIC_DIR } from '../paths.js';
import type { NumberService } from '../services/number-service.js';
import { objectType, recordParams } from './request-schemas.js';
import { validate } from './validate.js';

const listQuery = z.object({
  q: z.string().max(100, { message: 'must be at most 100 characters' }).optional(),
  type: objectType.optional(),
});

/**
 * The demo CRM's own web app: the record list and record pages at `/` and the small JSON API they read. It stands in
 * for a CRM's UI, so its API sits under `/demo/api`, apart from the connector's versioned `/api/v1`.
 */
export function demoCrmSite(db: DemoCrmDb, numbers: NumberService): Router {
  const router = Router();
  router.use(express.static(DEMO_PUBLIC_DIR, { index: 'index.html', fallthrough: true }));

  router.get('/demo/api/records', (req, res) => {
    const query = validate(listQuery, req.query, 'query');
    const records = db.listRecords({
      ...(query.q ? { query: query.q } : {}),
      ...(query.type ? { objectType: query.type } : {}),
    });
    res.json({ records });
  });

  router.get('/demo/api/records/:objectType/:id', (req, res) => {
    const params = validate(recordParams, req.params, 'params');
    const record = db.getRecord(params.objectType, params.id);
    if (!record) throw new AppError('RECORD_NOT_FOUND', `No ${params.objectType} with id ${params.id} in the demo CRM.`);
    res.json({ record, activities: db.listActivities(record.id) });
  });

  // The record page shows each number with the tenant's verdict, as a CRM shows its own fields: no agent is signed in
  // to the page itself (the softphone in it signs in on its own), so this is the demo CRM's route, not the agent API's.
  router.get('/demo/api/records/:objectType/:id/numbers', async (req, res) => {
    const params = validate(recordParams, req.params, 'params');
    const { numbers: entries } = await numbers.recordNumbers(params);
    res.json({ numbers: entries });
  });

  return router;
}
