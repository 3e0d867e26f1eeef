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
  /** Epoch ms on this browser's clock: the token is refused from then on. */
  readonly expiresAt: number;
  /** Epoch ms on this browser's clock: no refresh is granted after this (the session's maximum age). */
  readonly refreshUntil: number;
  /**
   * The connector's clock minus this browser's, measured when the session arrived (from the token's `iat`): what turns
   * the connector's times (the session's, and SIP credentials' `credentialsExpireAt`) into this browser's. A PC whose
   * clock is minutes off would otherwise refresh too late, or think every session ended at once.
   */
  readonly clockOffsetMs: number;
  readonly agent: { readonly id: string; readonly name: string; readonly role: string };
}

/**
 * The session in a connector answer or a sign-in popup's message (`{token, expiresAt, refreshUntil, agent}`, times as
 * ISO strings or epoch ms, on the connector's clock), converted to this browser's clock as of `now`; or a session this
 * widget stored (it holds `clockOffsetMs`, its times already local). Null when any part is missing or malformed, so
 * nothing half-read is ever kept.
 */
export function readAgentSession(value: unknown, now: number = Date.now()): AgentSession | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  const agent = v['agent'] as Record<string, unknown> | null | undefined;
  const expiresAt = epochMs(v['expiresAt']);
  const refreshUntil = epochMs(v['refreshUntil']);
  if (typeof v['token'] !== 'string' || v['token'] === '' || expiresAt === null || refreshUntil === null) return null;
  if (typeof agent !== 'object' || agent === null || typeof agent['id'] !== 'string' || typeof agent['name'] !== 'string') return null;
  const role = typeof agent['role'] === 'string' ? agent['role'] : 'agent';
  const stored = typeof v['clockOffsetMs'] === 'number' && Number.isFinite(v['clockOffsetMs']) ? v['clockOffsetMs'] : null;
  const offset = stored ?? clockOffset(v['token'], now);
  const local = stored === null ? offset : 0;
  return {
    token: v['token'],
    expiresAt: expiresAt - local,
    refreshUntil: refreshUntil - local,
    clockOffsetMs: offset,
    agent: { id: agent['id'], name: agent['name'], role },
  };
}

/**
 * Clocks this close are taken to agree: `iat` has whole seconds and the answer took a moment to arrive, so a smaller
 * difference is noise, and skew worth correcting is minutes.
 */
const AGREEING_CLOCKS_MS = 5000;

/** The connector's clock minus `now`, from the fresh token's `iat` (seconds); 0 when the token does not say. */
function clockOffset(token: string, now: number): number {
  try {
    const payload = token.split('.')[1] ?? '';
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(payload.length / 4) * 4, '='));
    const iat = (JSON.parse(json) as { iat?: unknown }).iat;
    const offset = typeof iat === 'number' && Number.isFinite(iat) ? iat * 1000 - now : 0;
    return Math.abs(offset) < AGREEING_CLOCKS_MS ? 0 : offset;
  } catch {
    return 0;
  }
}

function epochMs(value: unknown): number | null {
  const ms = typeof value === 'number' ? value : typeof value === 'string' ? Date.parse(value) : NaN;
  return Number.isFinite(ms) ? ms : null;
}
