import type { AgentSession } from '../connector/agent-session.js';

/** A refresh is asked this long before `refreshUntil` at the latest, so it reaches the connector in time. */
const REFRESH_MARGIN_MS = 5000;
/** Bounds of the wait before asking again after a refresh that got no answer. */
const RETRY_MIN_MS = 1000;
const RETRY_MAX_MS = 30_000;

/** What the widget does next with a session, and when (epoch ms). */
export interface SessionStep {
  readonly action: 'refresh' | 'end';
  readonly at: number;
}

/**
 * The next step for a session just issued: a refresh at about two thirds of its remaining life (early enough that a
 * slow or failed refresh can be tried again before the token expires), never later than just before `refreshUntil`;
 * once no refresh can be granted, the end when the token expires.
 */
export function nextSessionStep(session: AgentSession, now: number): SessionStep {
  if (session.expiresAt <= now) return { action: 'end', at: now };
  const refreshAt = Math.min(now + ((session.expiresAt - now) * 2) / 3, session.refreshUntil - REFRESH_MARGIN_MS);
  return refreshAt > now ? { action: 'refresh', at: refreshAt } : { action: 'end', at: session.expiresAt };
}

/**
 * After a refresh that got no answer (network, 5xx, 429): ask again after a third of what is left (between 1 and 30
 * s), as long as the token is still good by then; else the end when it expires.
 */
export function retrySessionStep(session: AgentSession, now: number): SessionStep {
  const wait = Math.min(RETRY_MAX_MS, Math.max(RETRY_MIN_MS, (session.expiresAt - now) / 3));
  const at = now + wait;
  return at < Math.min(session.expiresAt, session.refreshUntil) ? { action: 'refresh', at } : { action: 'end', at: Math.max(now, session.expiresAt) };
}
