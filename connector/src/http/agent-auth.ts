import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import { AppError } from '../errors/app-error.js';
import type { Agent, Store } from '../store/store.js';

/** Tokens are stored only as this hash, so a copy of the database does not let anyone act as an agent. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

const TOKEN = /^[A-Za-z0-9._~+/=-]{16,512}$/;

function bearer(header: string | undefined): string | null {
  const match = /^Bearer (\S+)$/.exec(header ?? '');
  return match?.[1] !== undefined && TOKEN.test(match[1]) ? match[1] : null;
}

/**
 * The enabled agent a token belongs to, or the error the API answers: 401 (with `WWW-Authenticate`) for no token or
 * one nobody holds, 403 for a disabled agent. Shared by the bearer header and the beacon body, so both refuse alike.
 */
export async function agentForToken(store: Store, token: unknown, res: Response): Promise<Agent> {
  if (typeof token !== 'string' || !TOKEN.test(token)) {
    res.set('WWW-Authenticate', 'Bearer realm="connector"');
    throw new AppError('UNAUTHENTICATED');
  }
  const agent = await store.agentByTokenHash(hashToken(token));
  if (!agent) {
    res.set('WWW-Authenticate', 'Bearer realm="connector", error="invalid_token"');
    throw new AppError('UNAUTHENTICATED', 'The agent token is not valid; sign in again.');
  }
  if (agent.disabled) throw new AppError('AGENT_DISABLED');
  return agent;
}

/** Requires a valid agent token; the agent is then `res.locals.agent`, the only source of who is acting. */
export function requireAgent(store: Store): RequestHandler {
  return async (req, res, next) => {
    res.locals.agent = await agentForToken(store, bearer(req.get('authorization')), res);
    next();
  };
}

export function currentAgent(res: Response): Agent {
  return res.locals.agent as Agent;
}

/** Requires the admin token from the configuration; without one configured, the admin API is closed. */
export function requireAdmin(adminToken: string | null): RequestHandler {
  const expected = adminToken ? Buffer.from(hashToken(adminToken), 'hex') : null;
  return (req, res, next) => {
    if (!expected) throw new AppError('ADMIN_ONLY', 'The admin API is disabled; set ADMIN_TOKEN to enable it.');
    const token = bearer(req.get('authorization'));
    if (!token || !timingSafeEqual(Buffer.from(hashToken(token), 'hex'), expected)) {
      res.set('WWW-Authenticate', 'Bearer realm="connector-admin"');
      throw new AppError('UNAUTHENTICATED', 'Send the admin token as "Authorization: Bearer <token>".');
    }
    next();
  };
}
