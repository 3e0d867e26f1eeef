import { randomBytes } from 'node:crypto';
import { Router } from 'express';
import { z } from 'zod';
import { AppError } from '../errors/app-error.js';
import type { AgentSipAccounts } from '../services/agent-sip-accounts.js';
import type { Store } from '../store/store.js';
import { hashToken, requireAdmin } from './agent-auth.js';
import { methodNotAllowed } from './error-handler.js';
import { agentId, sipAccountBody } from './sip-account-schemas.js';
import { validate } from './validate.js';

const newAgent = z.strictObject({
  id: agentId,
  name: z.string({ message: 'must be a string' }).min(1, { message: 'must not be empty' }).max(200, { message: 'must be at most 200 characters' }),
  crmUserId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, { message: "must be the agent's CRM user id" }).nullable().default(null),
  sip: sipAccountBody.nullable().default(null),
});
const agentParams = z.object({ id: agentId });
const callIdParams = z.object({
  callId: z.string().regex(/^[A-Za-z0-9._-]{1,64}:[\x21-\x7e]{1,200}$/, { message: 'must be a call leg: <agent id>:<SIP Call-ID>' }),
});

/** `/api/v1/admin`: agents, their SIP accounts, and the outbox's dead letters. Needs the admin token. */
export function adminRoutes(deps: {
  store: Store;
  sipAccounts: AgentSipAccounts;
  adminToken: string | null;
  onReplay: () => void;
  now?: () => number;
}): Router {
  const router = Router();
  const now = deps.now ?? Date.now;
  router.use(requireAdmin(deps.adminToken));

  router.post('/agents', async (req, res) => {
    const { sip, ...body } = validate(newAgent, req.body, 'body');
    if (await deps.store.agentById(body.id)) throw new AppError('AGENT_EXISTS', `An agent with id ${body.id} exists already.`);
    const token = randomBytes(32).toString('base64url');
    const sealed = sip ? deps.sipAccounts.seal(body.id, sip) : null;
    await deps.store.createAgent({ ...body, disabled: false, tokenHash: hashToken(token), sip: sealed });
    res.status(201).json({ agent: { ...body, disabled: false, sip: sealed ? deps.sipAccounts.view(sealed) : null }, token });
  });

  router.put('/agents/:id/sip', async (req, res) => {
    const { id } = validate(agentParams, req.params, 'params');
    const sip = validate(sipAccountBody, req.body, 'body');
    const stored = await deps.sipAccounts.put(id, sip);
    res.json({ agentId: id, sip: deps.sipAccounts.view(stored) });
  });

  router.delete('/agents/:id/sip', async (req, res) => {
    const { id } = validate(agentParams, req.params, 'params');
    await deps.sipAccounts.remove(id);
    res.status(204).end();
  });
  router.all('/agents/:id/sip', methodNotAllowed(['PUT', 'DELETE']));

  router.get('/outbox', async (_req, res) => {
    const [counts, deadLetters] = await Promise.all([deps.store.outboxCounts(now()), deps.store.deadLetters(100)]);
    res.json({ ...counts, deadLetters });
  });

  router.post('/outbox/dead-letters/:callId/replay', async (req, res) => {
    const { callId } = validate(callIdParams, req.params, 'params');
    if (!(await deps.store.replayDeadLetter(callId, now()))) {
      throw new AppError('DEAD_LETTER_NOT_FOUND', `There is no dead letter for call ${callId}.`);
    }
    deps.onReplay();
    res.status(202).json({ callId, status: 'pending' });
  });

  return router;
}
