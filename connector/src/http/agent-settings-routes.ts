import { Router } from 'express';
import type { SessionTokens } from '../auth/session-tokens.js';
import type { AgentSipAccounts } from '../services/agent-sip-accounts.js';
import { currentAgent, currentSession } from './agent-auth.js';
import { methodNotAllowed } from './error-handler.js';

/**
 * A minted SIP credential outlives the session token it was fetched with by this much, so a widget that refreshes its
 * session (and then fetches new credentials) never re-registers with expired ones, while a stolen session's
 * credentials die within this long of its last refresh.
 */
export const EPHEMERAL_GRACE_MS = 15 * 60_000;

/**
 * `GET /agent/settings`: what the signed-in agent's widget needs to start: its SIP account (with its password, or
 * ephemeral credentials valid until a little after this session token expires, sent to this agent only), heartbeat
 * interval and wrap-up dispositions. `Cache-Control: no-store`, so no cache keeps the password. Mounted behind
 * `requireSession`: an agent only ever gets its own settings.
 */
export function agentSettingsRoutes(deps: { sipAccounts: AgentSipAccounts; tokens: SessionTokens }): Router {
  const router = Router();

  router.get('/agent/settings', async (_req, res) => {
    const session = currentSession(res);
    const refreshUntil = Math.min(session.expiresAt + EPHEMERAL_GRACE_MS, deps.tokens.refreshUntil(session));
    const settings = await deps.sipAccounts.settingsFor(currentAgent(res), { refreshUntil });
    res.set('Cache-Control', 'no-store').json(settings);
  });
  router.all('/agent/settings', methodNotAllowed(['GET', 'HEAD']));

  return router;
}
