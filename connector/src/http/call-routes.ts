import { Router } from 'express';
import type { CallEvent } from '../domain/call-event.js';
import type { Store } from '../store/store.js';
import { currentAgent, requireAgent } from './agent-auth.js';
import { methodNotAllowed } from './error-handler.js';
import { callEventsBody } from './call-event-schemas.js';
import { recordParams } from './request-schemas.js';
import { validate } from './validate.js';

/**
 * Call events in, call history out. Events are committed to the store before the 202, so a crash right after loses
 * nothing; the outbox worker takes them to the CRM from there.
 */
export function callRoutes(deps: { store: Store; onEnded: (calls: number) => void; now?: () => number }): Router {
  const router = Router();
  const auth = requireAgent(deps.store);

  router.post('/calls/events', auth, async (req, res) => {
    const agent = currentAgent(res);
    const body = validate(callEventsBody, req.body, 'body');
    // Stored under this agent's leg of each call: nobody can add events to another agent's call.
    const events = body.events.map((e) => ({ ...e, agentId: agent.id }) as CallEvent);
    const { inserted, duplicates } = await deps.store.appendCallEvents(events, (deps.now ?? Date.now)());
    deps.onEnded(events.filter((e) => e.type === 'ended').length);
    res.status(202).json({ accepted: inserted, duplicates });
  });
  router.all('/calls/events', methodNotAllowed(['POST']));

  router.get('/records/:objectType/:id/calls', auth, async (req, res) => {
    const ref = validate(recordParams, req.params, 'params');
    res.json({ calls: await deps.store.recordCalls(ref, 100) });
  });
  router.all('/records/:objectType/:id/calls', methodNotAllowed(['GET', 'HEAD']));

  return router;
}
