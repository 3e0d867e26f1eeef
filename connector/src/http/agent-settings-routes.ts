import { Router } from 'express';
import type { SessionTokens } from '../auth/session-tokens.js';
import type { AgentSipAccounts } from '../services/agent-sip-accounts.js';
import { currentAgent, currentSession } from './agent-auth.js';
import { methodNotAllowed } from './error-handler.js';

/**
 * `GET /agent/settings`: what the signed-in agent's widget needs to start: its SIP account (with its password, or
 * ephemeral credentials valid until its session can no longer be refreshed, sent to this agent only), heartbeat
 * interval and wrap-up dispositions. `Cache-Control: no-store`, so no cache keeps the password. Mounted behind
 * `requireSession`: an agent only ever gets its own settings.
 */
export function agentSettingsRoutes(deps: { sipAccounts: AgentSipAccounts; tokens: SessionTokens }): Router {
  const router = Router();

  router.get('/agent/settings', async (_req, res) => {
    const refreshUntil = deps.tokens.refreshUntil(currentSession(res));
    const settings = await deps.sipAccounts.settingsFor(currentAgent(res), { refreshUntil });
    res.set('Cache-Control', 'no-store').json(settings);
  });
  router.all('/agent/settings', methodNotAllowed(['GET', 'HEAD']));

  return router;
}
