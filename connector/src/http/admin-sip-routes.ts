import { Router, type Response } from 'express';
import { z } from 'zod';
import type { PushPublisher } from '../push/push-publisher.js';
import type { AgentSipAccounts } from '../services/agent-sip-accounts.js';
import { generateSipPassword } from '../services/sip-password-generator.js';
import type { Store } from '../store/store.js';
import { actorOf } from './agent-auth.js';
import { methodNotAllowed } from './error-handler.js';
import { agentId, sipAccountBody } from './sip-account-schemas.js';
import { validate } from './validate.js';
import { AuditLog } from '../services/audit-log.js';

const agentParams = z.object({ id: agentId });
const noOptions = z.strictObject({}, { error: () => 'takes no fields; send an empty body or {}' });

/**
 * Agents' SIP accounts in the admin API: `PUT` and `DELETE /agents/{id}/sip`, and `POST /sip-passwords` (a generated
 * strong password, not stored). Mounted inside the admin router, which has already required an admin: this router
 * adds no auth of its own. Every change is audited (`sip.set` with kind, username and domain; `sip.remove`); no
 * answer, log line or audit entry ever holds a password. The agent's open widgets hear `settings-changed` after each
 * change (`publish`; left out, nothing is pushed) and register with the new account once no call is in progress.
 */
export function adminSipRoutes(deps: {
  readonly store: Store;
  readonly sipAccounts: AgentSipAccounts;
  readonly now?: () => number;
  readonly publish?: PushPublisher;
}): Router {
  const router = Router();
  const publish = deps.publish ?? (async () => {});
  const settingsChanged = (id: string) => publish(id, { type: 'settings-changed' });
  const log = new AuditLog({ store: deps.store, ...(deps.now ? { now: deps.now } : {}) });
  const audit = (res: Response, action: string, target: string, details: Record<string, unknown>) =>
    log.record({ actor: actorOf(res), action, target, outcome: 'ok', details });

  router.put('/agents/:id/sip', async (req, res) => {
    const { id } = validate(agentParams, req.params, 'params');
    const input = validate(sipAccountBody, req.body, 'body');
    const stored = await deps.sipAccounts.put(id, input);
    await audit(res, 'sip.set', id, { kind: stored.kind, username: stored.username, domain: stored.domain });
    await settingsChanged(id);
    res.json({ agentId: id, sip: deps.sipAccounts.view(stored) });
  });

  router.delete('/agents/:id/sip', async (req, res) => {
    const { id } = validate(agentParams, req.params, 'params');
    await deps.sipAccounts.remove(id);
    await audit(res, 'sip.remove', id, {});
    await settingsChanged(id);
    res.status(204).end();
  });
  router.all('/agents/:id/sip', methodNotAllowed(['PUT', 'DELETE']));

  router.post('/sip-passwords', (req, res) => {
    validate(noOptions, req.body, 'body');
    res.set('Cache-Control', 'no-store').json(generateSipPassword());
  });
  router.all('/sip-passwords', methodNotAllowed(['POST']));

  return router;
}
