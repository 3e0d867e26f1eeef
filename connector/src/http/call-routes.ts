import { Router } from 'express';
import { currentAgent, requireAgent } from './agent-auth.js';
import { takeCallEvents, type CallEventIntakeDeps } from './call-event-intake.js';
import { methodNotAllowed } from './error-handler.js';
import { callEventsBody } from './call-event-schemas.js';
import { recordParams } from './request-schemas.js';
import { validate } from './validate.js';

/**
 * Call events in, call history out. Events are committed to the store before the 202, so a crash right after loses
 * nothing; the outbox worker takes them to the CRM from there.
 */
export function callRoutes(deps: CallEventIntakeDeps): Router {
  const router = Router();
  const auth = requireAgent(deps.store);

  router.post('/calls/events', auth, async (req, res) => {
    const body = validate(callEventsBody, req.body, 'body');
    res.status(202).json(await takeCallEvents(deps, currentAgent(res), body.events));
  });
  router.all('/calls/events', methodNotAllowed(['POST']));

  router.get('/records/:objectType/:id/calls', auth, async (req, res) => {
    const ref = validate(recordParams, req.params, 'params');
    res.json({ calls: await deps.store.recordCalls(ref, 100) });
  });
  router.all('/records/:objectType/:id/calls', methodNotAllowed(['GET', 'HEAD']));

  return router;
}
