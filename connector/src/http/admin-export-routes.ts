import { Router } from 'express';
import { z } from 'zod';
import type { ExportTickets } from '../auth/export-tickets.js';
import type { AuditLog } from '../services/audit-log.js';
import type { Store } from '../store/store.js';
import { actorOf } from './agent-auth.js';
import { sendCallsCsv } from './calls-csv-download.js';
import { methodNotAllowed } from './error-handler.js';
import { parseUsageBody } from './usage-query-schema.js';
import { validate } from './validate.js';

/** Where a ticket downloads, under `/api/v1/admin`. */
const DOWNLOAD_PATH = '/exports/calls.csv';

const downloadQuery = z.strictObject(
  { ticket: z.string({ message: 'must be given once: the ticket of the download link' }).max(4096, { message: 'is too long to be a ticket' }) },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys' ? `has parameters the API does not know (${issue.keys.join(', ')}); a download link takes only its ticket` : undefined,
  },
);

/**
 * `POST /api/v1/admin/exports/calls`: a download link for the calls export, for the admin console, which cannot
 * stream a bearer-authenticated fetch to disk. The body is the usage filter (`from`, `to`, `tz`, `agent` as an array
 * or comma-separated, `team`), validated as the `/usage` query is; answers 201 `{url, expiresAt}`, the link working for
 * 60 s (see `ExportTickets`). Runs behind the admin check.
 */
export function adminExportRoutes(deps: { readonly tickets: ExportTickets; readonly now: () => number }): Router {
  const router = Router();

  router.post('/exports/calls', async (req, res) => {
    const query = parseUsageBody(req.body, deps.now());
    const { ticket, expiresAt } = await deps.tickets.issue({ actor: actorOf(res), query });
    res
      .status(201)
      .set('Cache-Control', 'no-store')
      .json({ url: `/api/v1/admin${DOWNLOAD_PATH}?ticket=${encodeURIComponent(ticket)}`, expiresAt: new Date(expiresAt).toISOString() });
  });

  router.all('/exports/calls', methodNotAllowed(['POST']));
  return router;
}

/**
 * `GET /api/v1/admin/exports/calls.csv?ticket=<ticket>`: the download a link points at. It needs no bearer: the
 * ticket is the credential (401 EXPORT_LINK_INVALID once expired, or when forged or tampered with). Streams the same
 * CSV as `/admin/calls.csv` for the filter the ticket holds, audited under the admin who asked for the link. Mounted
 * before the admin check, and the only admin route that is.
 */
export function exportDownloadRoutes(deps: { readonly tickets: ExportTickets; readonly store: Store; readonly audit: AuditLog }): Router {
  const router = Router();

  router.get(DOWNLOAD_PATH, async (req, res) => {
    const { ticket } = validate(downloadQuery, req.query, 'query');
    const { actor, query } = await deps.tickets.verify(ticket);
    await sendCallsCsv({ req, res, store: deps.store, audit: deps.audit, query, actor });
  });

  router.all(DOWNLOAD_PATH, methodNotAllowed(['GET', 'HEAD']));
  return router;
}
