import { Router } from 'express';
import { z } from 'zod';
import { callLegKey } from '../domain/call-leg-key.js';
import { AppError } from '../errors/app-error.js';
import type { RingingEvent } from '../push/screen-pop.js';
import { currentAgent } from './agent-auth.js';
import { takeCallEvents, type CallEventIntakeDeps } from './call-event-intake.js';
import { methodNotAllowed } from './error-handler.js';
import { callEventsBody } from './call-event-schemas.js';
import { recordParams } from './request-schemas.js';
import { validate } from './validate.js';

const callIdParams = z.object({
  callId: z.string().regex(/^[\x21-\x7e]{1,200}$/, { message: 'must be the SIP Call-ID: 1 to 200 visible ASCII characters' }),
});

/**
 * Call events in, call history out. Events are committed to the store before the 202, so a crash right after loses
 * nothing; the outbox worker takes them to the CRM from there. Mounted behind `requireSession`: every route acts as
 * the signed-in agent, and events are stored as that agent's whatever their body says.
 *
 * After the 202, `screenPop` (when given) is handed the events of a request that added any: an inbound call reported
 * ringing moments ago pops its caller in every widget of the agent (`screenPopper` says which, and how many). A retried
 * request whose events were all stored already pops nothing again.
 */
export function callRoutes(
  deps: CallEventIntakeDeps & { readonly screenPop?: (agentId: string, events: readonly RingingEvent[]) => Promise<void> },
): Router {
  const router = Router();

  router.post('/calls/events', async (req, res) => {
    const body = validate(callEventsBody, req.body, 'body');
    const agent = currentAgent(res);
    const taken = await takeCallEvents(deps, agent, body.events);
    res.status(202).json(taken);
    // Only now: the widget's report never waits for the CRM's lookup.
    if (deps.screenPop && taken.accepted > 0) await deps.screenPop(agent.id, body.events);
  });
  router.all('/calls/events', methodNotAllowed(['POST']));

  // The widget asks after a call it reported, so its host can refresh the record once the activity is in the CRM.
  router.get('/calls/:callId/log', async (req, res) => {
    const { callId } = validate(callIdParams, req.params, 'params');
    const status = await deps.store.callLogStatus(callLegKey(currentAgent(res).id, callId));
    if (!status) throw new AppError('CALL_NOT_FOUND', `This agent has reported no call with Call-ID ${callId}.`);
    res.json({ callId, ...status });
  });
  router.all('/calls/:callId/log', methodNotAllowed(['GET', 'HEAD']));

  // An agent reviews its own calls on the record; an admin (a team lead) everyone's. The CRM's own timeline, with its
  // own sharing rules, is where colleagues' calls are read.
  router.get('/records/:objectType/:id/calls', async (req, res) => {
    const ref = validate(recordParams, req.params, 'params');
    const agent = currentAgent(res);
    res.json({ calls: await deps.store.recordCalls(ref, 100, agent.role === 'admin' ? undefined : agent.id) });
  });
  router.all('/records/:objectType/:id/calls', methodNotAllowed(['GET', 'HEAD']));

  return router;
}
