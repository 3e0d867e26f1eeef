import { Router, type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import type { IssuedSession, SessionTokens, SignInMethod } from '../auth/session-tokens.js';
import { hashToken } from '../auth/sign-in-key.js';
import { AppError } from '../errors/app-error.js';
import type { PushPublisher } from '../push/push-publisher.js';
import type { Agent, Store } from '../store/store.js';
import { currentAgent, currentSession, requireSession } from './agent-auth.js';
import { methodNotAllowed } from './error-handler.js';
import { validate } from './validate.js';
import { AuditLog, type AuditRecord } from '../services/audit-log.js';

const localBody = z.strictObject({
  key: z.string({ message: 'must be the sign-in key your admin gave you' }).regex(/^[A-Za-z0-9._~+/=-]{16,512}$/, {
    message: 'must be the sign-in key your admin gave you',
  }),
});
const noBody = z.strictObject({});

export interface SignInRoutesDeps {
  readonly store: Store;
  readonly tokens: SessionTokens;
  /** The sign-ins this connector offers, for `GET /auth/methods`; `key` is always one. */
  readonly methods: readonly SignInMethod[];
  /** Mount point for the per-IP sign-in rate limit (`rate-limits.ts`); a pass-through when left out. */
  readonly signInLimiter?: RequestHandler;
  readonly now?: () => number;
  /** Tells the agent's other widgets that a sign-out ended their session too; left out, nothing is pushed. */
  readonly publish?: PushPublisher;
}

/** What every sign-in and refresh answers: the token, when it ends, when refreshing stops, and who it is for. */
export function sessionBody(session: IssuedSession, agent: Agent) {
  return {
    token: session.token,
    expiresAt: new Date(session.expiresAt).toISOString(),
    refreshUntil: new Date(session.maxAgeAt).toISOString(),
    agent: { id: agent.id, name: agent.name, role: agent.role },
  };
}

/**
 * `/api/v1/auth/*`: the local sign-in with an agent's sign-in key, refreshing and ending a session, and which sign-ins
 * the widget should offer. The sign-in key is accepted here and nowhere else; it is never logged, audited or echoed.
 * Every sign-in, refused or not, and every sign-out is written to the audit log with the client's IP. A sign-out ends
 * every session of the agent, so its other open widgets hear `session-ended` (`signed-out`) and sign out as well.
 */
export function signInRoutes(deps: SignInRoutesDeps): Router {
  const router = Router();
  const now = deps.now ?? Date.now;
  const limit = deps.signInLimiter ?? ((_req, _res, next) => next());
  const log = new AuditLog({ store: deps.store, now });
  const audit = (entry: AuditRecord) => log.record(entry);
  const publish = deps.publish ?? (async () => {});

  router.post('/auth/local', limit, async (req, res) => {
    const { key } = validate(localBody, req.body, 'body');
    const agent = await deps.store.agentByTokenHash(hashToken(key));
    if (!agent || agent.disabled) {
      const code = agent ? 'AGENT_DISABLED' : 'UNAUTHENTICATED';
      await audit({
        actor: agent ? `agent:${agent.id}` : 'anonymous',
        action: 'session.sign-in.refused',
        target: agent?.id ?? null,
        outcome: 'refused',
        details: { method: 'key', ip: clientIp(req), code },
      });
      if (agent) throw new AppError('AGENT_DISABLED');
      throw new AppError('UNAUTHENTICATED', 'This sign-in key is not valid; ask your admin for a new one.', {}, {
        'WWW-Authenticate': 'Bearer realm="connector"',
      });
    }
    const session = await deps.tokens.issue({ agent, method: 'key' });
    await audit({ actor: `agent:${agent.id}`, action: 'session.sign-in', target: agent.id, outcome: 'ok', details: { method: 'key', ip: clientIp(req) } });
    send(res, session, agent);
  });
  router.all('/auth/local', methodNotAllowed(['POST']));

  router.post('/auth/refresh', limit, requireSession(deps), async (req, res) => {
    validate(noBody, req.body, 'body');
    const agent = currentAgent(res);
    const { method, authTime } = currentSession(res);
    send(res, await deps.tokens.issue({ agent, method, authTime }), agent);
  });
  router.all('/auth/refresh', methodNotAllowed(['POST']));

  router.post('/auth/sign-out', limit, requireSession(deps), async (req, res) => {
    validate(noBody, req.body, 'body');
    const agent = currentAgent(res);
    await deps.store.bumpSessionEpoch(agent.id);
    await audit({ actor: `agent:${agent.id}`, action: 'session.sign-out', target: agent.id, outcome: 'ok', details: { method: currentSession(res).method, ip: clientIp(req) } });
    await publish(agent.id, { type: 'session-ended', reason: 'signed-out' });
    res.status(204).end();
  });
  router.all('/auth/sign-out', methodNotAllowed(['POST']));

  router.get('/auth/methods', (req, res) => {
    validate(noBody, req.query, 'query');
    res.set('Cache-Control', 'no-store').json({ methods: ['key', ...deps.methods.filter((m) => m !== 'key')] });
  });
  router.all('/auth/methods', methodNotAllowed(['GET', 'HEAD']));

  return router;
}

function send(res: Response, session: IssuedSession, agent: Agent): void {
  res.set('Cache-Control', 'no-store').json(sessionBody(session, agent));
}

/** The client's address as Express sees it (`trust proxy` decides whether `X-Forwarded-For` counts). */
function clientIp(req: Request): string | null {
  return req.ip ?? null;
}
