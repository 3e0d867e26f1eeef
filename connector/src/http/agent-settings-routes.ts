import { Router } from 'express';
import type { AgentSipAccounts } from '../services/agent-sip-accounts.js';
import type { Store } from '../store/store.js';
import { currentAgent, requireAgent } from './agent-auth.js';
import { methodNotAllowed } from './error-handler.js';

/**
 * `GET /agent/settings`: what the signed-in agent's widget needs to start: its SIP account (with its password, sent to
 * this agent only), heartbeat interval and wrap-up dispositions. `Cache-Control: no-store`, so no cache keeps the
 * password.
 */
export function agentSettingsRoutes(deps: { store: Store; sipAccounts: AgentSipAccounts }): Router {
  const router = Router();

  router.get('/agent/settings', requireAgent(deps.store), async (_req, res) => {
    const settings = await deps.sipAccounts.settingsFor(currentAgent(res));
    res.set('Cache-Control', 'no-store').json(settings);
  });
  router.all('/agent/settings', methodNotAllowed(['GET', 'HEAD']));

  return router;
}
