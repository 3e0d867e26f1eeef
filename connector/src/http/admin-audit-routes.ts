import { Router } from 'express';
import { z } from 'zod';
import type { Store } from '../store/store.js';
import { methodNotAllowed } from './error-handler.js';
import { validate } from './validate.js';

const auditQuery = z.strictObject(
  {
    limit: z
      .string({ message: 'must be given once, as a whole number from 1 to 500' })
      .regex(/^[1-9]\d{0,2}$/, { message: 'must be a whole number from 1 to 500' })
      .transform(Number)
      .refine((n) => n <= 500, { message: 'must be a whole number from 1 to 500' })
      .default(100),
    before: z
      .string({ message: 'must be given once, as the id of an entry' })
      .regex(/^\d{1,15}$/, { message: 'must be the id of an entry, such as the `id` of the last entry read' })
      .transform(Number)
      .optional(),
  },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys' ? `has parameters the API does not know (${issue.keys.join(', ')}); use limit and before` : undefined,
  },
);

/**
 * `GET /api/v1/admin/audit?limit=&before=`: the audit log, newest first, `limit` entries (100 unless told, at most
 * 500); `before` (an entry's `id`) reads on from there, so entries written in the same millisecond are never skipped. Runs behind the admin check.
 */
export function adminAuditRoutes(deps: { readonly store: Store }): Router {
  const router = Router();

  router.get('/audit', async (req, res) => {
    const { limit, before } = validate(auditQuery, req.query, 'query');
    const entries = await deps.store.auditLog({ limit, ...(before === undefined ? {} : { before }) });
    res.json({ entries });
  });

  router.all('/audit', methodNotAllowed(['GET', 'HEAD']));
  return router;
}
