import { Router } from 'express';
import { z } from 'zod';
import { WIDGET_REGISTRATIONS } from '../services/widget-presence.js';
import type { Store } from '../store/store.js';
import { currentAgent } from './agent-auth.js';
import { methodNotAllowed } from './error-handler.js';
import { validate } from './validate.js';

const presenceBody = z.strictObject(
  {
    widgetId: z
      .string({ message: 'must be the widget instance id as a string' })
      .regex(/^[A-Za-z0-9_-]{8,64}$/, { message: 'must be 8 to 64 letters, digits, - or _' }),
    registration: z.enum(WIDGET_REGISTRATIONS, {
      message: 'must be "registered", "connecting", "unregistered" or "failed"',
    }),
    host: z.enum(['salesforce', 'hubspot', 'page'], { message: 'must be "salesforce", "hubspot" or "page"' }),
  },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `has fields the API does not know (${issue.keys.join(', ')}); send only widgetId, registration and host`
        : 'must be a JSON object such as {"widgetId": "k3J9x0aQ", "registration": "registered", "host": "page"}',
  },
);

/**
 * `POST /agent/presence`: a widget of the signed-in agent says it is open and how its SIP registration stands, at
 * start, on every change and every 30 s; the admin pages and `connector_widgets` show the widgets
 * heard from within `PRESENCE_TTL_MS`. Answers 204. Mounted behind `requireSession`: the agent is the session's.
 */
export function presenceRoutes(deps: { readonly store: Store; readonly now?: () => number }): Router {
  const router = Router();
  const now = deps.now ?? Date.now;

  router.post('/agent/presence', async (req, res) => {
    const body = validate(presenceBody, req.body, 'body');
    await deps.store.reportPresence({ agentId: currentAgent(res).id, ...body, at: now() });
    res.status(204).end();
  });

  router.all('/agent/presence', methodNotAllowed(['POST']));
  return router;
}
