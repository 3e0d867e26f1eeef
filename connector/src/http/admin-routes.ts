import { randomBytes } from 'node:crypto';
import { Router } from 'express';
import { z } from 'zod';
import { AppError } from '../errors/app-error.js';
import type { Store } from '../store/store.js';
import { hashToken, requireAdmin } from './agent-auth.js';
import { validate } from './validate.js';

const newAgent = z.strictObject({
  id: z.string({ message: 'must be a string' }).regex(/^[A-Za-z0-9._-]{1,64}$/, { message: 'must be 1 to 64 letters, digits, ., - or _' }),
  name: z.string({ message: 'must be a string' }).min(1, { message: 'must not be empty' }).max(200, { message: 'must be at most 200 characters' }),
  crmUserId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, { message: "must be the agent's CRM user id" }).nullable().default(null),
});
const callIdParams = z.object({
  callId: z.string().regex(/^[A-Za-z0-9._-]{1,64}:[\x21-\x7e]{1,200}$/, { message: 'must be a call leg: <agent id>:<SIP Call-ID>' }),
});

/** `/api/v1/admin`: agents and the outbox's dead letters. Needs the admin token. */
export function adminRoutes(deps: { store: Store; adminToken: string | null; onReplay: () => void; now?: () => number }): Router {
  const router = Router();
  const now = deps.now ?? Date.now;
  router.use(requireAdmin(deps.adminToken));

  router.post('/agents', async (req, res) => {
    const body = validate(newAgent, req.body, 'body');
    if (await deps.store.agentById(body.id)) throw new AppError('AGENT_EXISTS', `An agent with id ${body.id} exists already.`);
    const token = randomBytes(32).toString('base64url');
    await deps.store.createAgent({ ...body, disabled: false, tokenHash: hashToken(token) });
    res.status(201).json({ agent: { ...body, disabled: false }, token });
  });

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
