import { Router } from 'express';
import { z } from 'zod';
import { SecretUnreadableError, type SecretBox } from '../secrets/secret-box.js';
import type { Store } from '../store/store.js';
import { actorOf } from './agent-auth.js';
import { methodNotAllowed } from './error-handler.js';
import { validate } from './validate.js';
import { AuditLog } from '../services/audit-log.js';

/** The context agents' SIP passwords are sealed with (as `AgentSipAccounts` seals them): bound to the agent's id. */
function sipPasswordContext(agentId: string): string {
  return `agent-sip:${agentId}`;
}

/**
 * `POST /secrets/reseal` (inside the admin router, which requires an admin): after a key rotation, re-seals every
 * stored SIP password under the current key, so the previous keys can be dropped from `SECRETS_PREVIOUS_KEYS`.
 *
 * Answers `{resealed, alreadyCurrent, unreadable, unreadableAgents}`: a password no key of the ring opens is left as it
 * is and its agent named, for an admin to set its SIP account again. A password changed meanwhile is left to the
 * change (the store replaces only the value it was read as). Idempotent; audited as `secrets.reseal` with the counts.
 */
export function adminSecretsRoutes(deps: { store: Store; box: SecretBox; now?: () => number }): Router {
  const router = Router();
  const audit = new AuditLog({ store: deps.store, ...(deps.now ? { now: deps.now } : {}) });

  router.post('/secrets/reseal', async (req, res) => {
    validate(z.strictObject({}), req.body, 'body');
    let resealed = 0;
    let alreadyCurrent = 0;
    const unreadableAgents: string[] = [];
    for (const { agentId, sealedPassword } of await deps.store.sealedSipPasswords()) {
      if (deps.box.isCurrent(sealedPassword)) {
        alreadyCurrent++;
        continue;
      }
      let plaintext: string;
      try {
        plaintext = deps.box.open(sealedPassword, sipPasswordContext(agentId));
      } catch (error) {
        if (!(error instanceof SecretUnreadableError)) throw error;
        unreadableAgents.push(agentId);
        continue;
      }
      const replacement = deps.box.seal(plaintext, sipPasswordContext(agentId));
      if (await deps.store.resealSipPassword(agentId, sealedPassword, replacement)) resealed++;
    }
    const counts = { resealed, alreadyCurrent, unreadable: unreadableAgents.length };
    await audit.record({ actor: actorOf(res), action: 'secrets.reseal', target: null, outcome: 'ok', details: { ...counts, unreadableAgents } });
    res.json({ ...counts, unreadableAgents });
  });
  router.all('/secrets/reseal', methodNotAllowed(['POST']));

  return router;
}
