import { timingSafeEqual } from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import { hashToken } from '../auth/sign-in-key.js';
import { invalidToken, sessionExpired, type SessionClaims, type SessionTokens } from '../auth/session-tokens.js';
import { AppError } from '../errors/app-error.js';
import type { Agent, Store } from '../store/store.js';

/** What checking a session needs: the token verifier, and the store that says whether the agent still may act. */
export interface SessionAuthDeps {
  readonly tokens: SessionTokens;
  readonly store: Store;
}

/** An agent and the session it acts in. */
export interface AgentSession {
  readonly agent: Agent;
  readonly session: SessionClaims;
}

const TOKEN = /^[A-Za-z0-9._~+/=-]{16,4096}$/;
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/** The token of an `Authorization: Bearer <token>` header, or null when there is none. */
function bearer(header: string | undefined): string | null {
  const match = /^Bearer +(\S+)$/i.exec(header ?? '');
  return match?.[1] ?? null;
}

function signInFirst(realm: string, message?: string): AppError {
  return new AppError('UNAUTHENTICATED', message, {}, { 'WWW-Authenticate': `Bearer realm="${realm}"` });
}

/**
 * The agent a session token belongs to, or the error the API answers: 401 UNAUTHENTICATED (with `WWW-Authenticate`)
 * for no token or one the connector did not issue, 401 SESSION_EXPIRED for an expired one or one whose agent was signed
 * out since (its session epoch moved on), 403 AGENT_DISABLED for a disabled agent. The agent is read from the store on
 * every request, so a change by an admin takes effect at once. Sets `res.locals.agent` and `res.locals.session`.
 * Shared by the bearer header and the beacon body, so both refuse alike.
 */
export async function agentForSessionToken(deps: SessionAuthDeps, token: unknown, res: Response): Promise<AgentSession> {
  if (typeof token !== 'string' || token === '') throw signInFirst('connector');
  if (!TOKEN.test(token)) throw invalidToken();
  const session = await deps.tokens.verify(token);
  const agent = await deps.store.agentById(session.agentId);
  if (!agent) throw invalidToken();
  if (agent.disabled) throw new AppError('AGENT_DISABLED');
  if (agent.sessionEpoch !== session.epoch) throw sessionExpired('You were signed out; sign in again.');
  res.locals.agent = agent;
  res.locals.session = session;
  return { agent, session };
}

/** Requires a valid session (`Authorization: Bearer <session token>`); see {@link agentForSessionToken}. */
export function requireSession(deps: SessionAuthDeps): RequestHandler {
  return async (req, res, next) => {
    await agentForSessionToken(deps, bearer(req.get('authorization')), res);
    next();
  };
}

/** The signed-in agent of a request past {@link requireSession}: the only source of who is acting. */
export function currentAgent(res: Response): Agent {
  return res.locals.agent as Agent;
}

/** The session of a request past {@link requireSession}. */
export function currentSession(res: Response): SessionClaims {
  return res.locals.session as SessionClaims;
}

/**
 * Requires an admin: the configured admin token (the bootstrap credential, compared in constant time), or the session
 * token of an agent whose role is `admin` (403 ADMIN_ONLY for any other agent's). Sets `res.locals.actor` to
 * `admin-token` or `agent:<id>`, the name the audit log records. Without `ADMIN_TOKEN`, only admin agents get in.
 */
export function requireAdmin(deps: SessionAuthDeps & { readonly adminToken: string | null }): RequestHandler {
  const expected = deps.adminToken ? Buffer.from(hashToken(deps.adminToken), 'hex') : null;
  return async (req, res, next) => {
    const token = bearer(req.get('authorization'));
    if (!token) throw signInFirst('connector-admin', 'Send the admin token or an admin’s session token as "Authorization: Bearer <token>".');
    if (expected && timingSafeEqual(Buffer.from(hashToken(token), 'hex'), expected)) {
      res.locals.actor = 'admin-token';
      next();
      return;
    }
    if (!JWT_SHAPE.test(token)) {
      const message = expected
        ? 'This is neither the admin token nor a session token.'
        : 'No admin token is set on this connector (ADMIN_TOKEN); send an admin agent’s session token.';
      throw new AppError('UNAUTHENTICATED', message, {}, { 'WWW-Authenticate': 'Bearer realm="connector-admin", error="invalid_token"' });
    }
    const { agent } = await agentForSessionToken(deps, token, res);
    if (agent.role !== 'admin') throw new AppError('ADMIN_ONLY', 'This route is for admins; your agent is not one.');
    res.locals.actor = `agent:${agent.id}`;
    next();
  };
}

/** Who is acting, for the audit log: `admin-token`, `agent:<id>`, or `anonymous` before anyone signed in. */
export function actorOf(res: Response): string {
  const actor: unknown = res.locals.actor;
  if (typeof actor === 'string') return actor;
  const agent = res.locals.agent as Agent | undefined;
  return agent ? `agent:${agent.id}` : 'anonymous';
}
