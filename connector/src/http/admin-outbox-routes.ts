import { Router } from 'express';
import { z } from 'zod';
import { AppError } from '../errors/app-error.js';
import type { AuditLog } from '../services/audit-log.js';
import type { Store } from '../store/store.js';
import { actorOf } from './agent-auth.js';
import { methodNotAllowed } from './error-handler.js';
import { validate } from './validate.js';

const callIdParams = z.object({
  callId: z.string().regex(/^[A-Za-z0-9._-]{1,64}:[\x21-\x7e]{1,200}$/, { message: 'must be a call leg: <agent id>:<SIP Call-ID>' }),
});

/** How many waiting entries and dead letters the outbox route lists. */
const LISTED = 100;

/**
 * `/api/v1/admin/outbox`: how the delivery of call logs to the CRM stands (counts, the logs still waiting, oldest
 * first, and the dead letters), and the replay of a dead letter (audited as `outbox.replay`). Runs behind the admin
 * check.
 */
export function adminOutboxRoutes(deps: { readonly store: Store; readonly audit: AuditLog; readonly onReplay: () => void; readonly now: () => number }): Router {
  const router = Router();

  router.get('/outbox', async (_req, res) => {
    const [counts, waiting, deadLetters] = await Promise.all([
      deps.store.outboxCounts(deps.now()),
      deps.store.pendingOutbox(LISTED),
      deps.store.deadLetters(LISTED),
    ]);
    res.json({
      ...counts,
      waiting: waiting.map((entry) => ({
        callId: entry.callId,
        version: entry.version,
        attempts: entry.attempts,
        lastError: entry.lastError,
        nextAttemptAt: new Date(entry.nextAttemptAt).toISOString(),
        pendingSince: new Date(entry.pendingSince).toISOString(),
      })),
      // As before queue times were kept: the entry's queue time is for the delivery latency metric, not this page.
      deadLetters: deadLetters.map(({ queuedAt: _queuedAt, ...entry }) => entry),
    });
  });

  router.post('/outbox/dead-letters/:callId/replay', async (req, res) => {
    const { callId } = validate(callIdParams, req.params, 'params');
    if (!(await deps.store.replayDeadLetter(callId, deps.now()))) {
      throw new AppError('DEAD_LETTER_NOT_FOUND', `There is no dead letter for call ${callId}.`);
    }
    await deps.audit.record({ actor: actorOf(res), action: 'outbox.replay', target: callId, outcome: 'ok', details: {} });
    deps.onReplay();
    res.status(202).json({ callId, status: 'pending' });
  });

  router.all('/outbox', methodNotAllowed(['GET', 'HEAD']));
  router.all('/outbox/dead-letters/:callId/replay', methodNotAllowed(['POST']));
  return router;
}
