/** How an agent proved who it is: a sign-in key from the admin, or the CRM's own sign-in. */
export type SignInMethod = 'key' | 'salesforce' | 'hubspot';

/** The CRMs whose sign-in runs in a popup. */
export type CrmSignIn = Exclude<SignInMethod, 'key'>;

/**
 * A short-lived session the connector issued to one agent. The token is what every agent request carries; the
 * widget refreshes it before `expiresAt` for as long as `refreshUntil` allows, then the agent signs in again.
 */
export interface AgentSession {
  readonly token: string;
  /** Epoch ms: the token is refused from then on. */
  readonly expiresAt: number;
  /** Epoch ms: no refresh is granted after this (the session's maximum age). */
  readonly refreshUntil: number;
  readonly agent: { readonly id: string; readonly name: string; readonly role: string };
}

/**
 * The session in a connector answer or a sign-in popup's message (`{token, expiresAt, refreshUntil, agent}`, times as
 * ISO strings or epoch ms); null when any part is missing or malformed, so nothing half-read is ever kept.
 */
export function readAgentSession(value: unknown): AgentSession | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  const agent = v['agent'] as Record<string, unknown> | null | undefined;
  const expiresAt = epochMs(v['expiresAt']);
  const refreshUntil = epochMs(v['refreshUntil']);
  if (typeof v['token'] !== 'string' || v['token'] === '' || expiresAt === null || refreshUntil === null) return null;
  if (typeof agent !== 'object' || agent === null || typeof agent['id'] !== 'string' || typeof agent['name'] !== 'string') return null;
  const role = typeof agent['role'] === 'string' ? agent['role'] : 'agent';
  return { token: v['token'], expiresAt, refreshUntil, agent: { id: agent['id'], name: agent['name'], role } };
}

function epochMs(value: unknown): number | null {
  const ms = typeof value === 'number' ? value : typeof value === 'string' ? Date.parse(value) : NaN;
  return Number.isFinite(ms) ? ms : null;
}
