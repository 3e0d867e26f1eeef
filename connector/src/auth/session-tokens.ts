import { randomBytes } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import { AppError } from '../errors/app-error.js';
import type { Agent, AgentRole } from '../store/store.js';
import { SigningKeys } from './signing-keys.js';

/** How the agent proved who it is when its session began: its sign-in key, or its CRM's OAuth sign-in. */
export type SignInMethod = 'key' | 'salesforce' | 'hubspot';

/** What a verified session token says. Times are milliseconds since the epoch. */
export interface SessionClaims {
  readonly agentId: string;
  readonly role: AgentRole;
  /** The agent's session epoch when the token was issued; the token is void once the agent's epoch moved on. */
  readonly epoch: number;
  /** When the agent signed in (kept across refreshes), to the second. */
  readonly authTime: number;
  readonly expiresAt: number;
  readonly method: SignInMethod;
}

/** A new session token with when it ends and when refreshing it stops. */
export interface IssuedSession {
  readonly token: string;
  /** ms since the epoch */
  readonly expiresAt: number;
  /** ms since the epoch: `authTime + maxAgeS`; no refresh is granted from then on. */
  readonly maxAgeAt: number;
}

export const SESSION_ISSUER = 'click-to-call-connector';
export const SESSION_AUDIENCE = 'agent-api';
const ALGORITHM = 'HS256';
const HKDF_INFO = 'session-token-v1';
const CLOCK_TOLERANCE_S = 5;

const claimsSchema = z.object({
  sub: z.string().min(1).max(64),
  role: z.enum(['agent', 'admin']),
  ep: z.number().int().nonnegative(),
  auth_time: z.number().int().nonnegative(),
  amr: z.enum(['key', 'salesforce', 'hubspot']),
  exp: z.number().int(),
});

/**
 * Short-lived bearer tokens (JWT, HS256) bound to one agent, handed out at sign-in and sent by the widget with every
 * agent API request. No cookie is involved, so they work in the CRM's third-party iframes.
 *
 * Promises:
 * - A token verifies only with HS256 under a key derived (HKDF-SHA256, info `session-token-v1`) from the current or a
 *   previous secrets key, with this issuer and audience, before its `exp` (5 s of clock tolerance). The header's `kid`
 *   picks the key, so tokens issued before a key rotation keep working until they expire.
 * - An expired token is refused with SESSION_EXPIRED; anything else (malformed, tampered, another key, another
 *   algorithm, `none`) with UNAUTHENTICATED and a `WWW-Authenticate` header naming `invalid_token`.
 * - `verify` reads no store: whether the agent still exists, is enabled and has the same epoch is the caller's check.
 * - A token never outlives `authTime + maxAgeS`: refreshing stops there and the agent signs in again.
 */
export class SessionTokens {
  readonly #keys: SigningKeys;
  readonly #ttlS: number;
  readonly #maxAgeS: number;
  readonly #now: () => number;

  constructor(deps: { keys: { current: Uint8Array; previous: readonly Uint8Array[] }; ttlS: number; maxAgeS: number; now?: () => number }) {
    if (!(deps.ttlS > 0 && deps.maxAgeS >= deps.ttlS)) throw new RangeError('session ttlS must be positive and at most maxAgeS');
    this.#keys = new SigningKeys(deps.keys, HKDF_INFO);
    this.#ttlS = deps.ttlS;
    this.#maxAgeS = deps.maxAgeS;
    this.#now = deps.now ?? Date.now;
  }

  /**
   * A token for `agent`, signed with the current key. `authTime` (ms) is when the agent signed in: now for a sign-in,
   * the old session's for a refresh. SESSION_EXPIRED when `authTime + maxAgeS` is already past.
   */
  async issue(args: { agent: Agent; method: SignInMethod; authTime?: number }): Promise<IssuedSession> {
    const nowS = Math.floor(this.#now() / 1000);
    const authTimeS = Math.floor((args.authTime ?? this.#now()) / 1000);
    const maxAgeAtS = authTimeS + this.#maxAgeS;
    const expS = Math.min(nowS + this.#ttlS, maxAgeAtS);
    if (expS <= nowS) throw sessionExpired('Your session has reached its longest life; sign in again.');
    const token = await new SignJWT({ role: args.agent.role, ep: args.agent.sessionEpoch, auth_time: authTimeS, amr: args.method })
      .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT', kid: this.#keys.current.kid })
      .setSubject(args.agent.id)
      .setIssuer(SESSION_ISSUER)
      .setAudience(SESSION_AUDIENCE)
      .setIssuedAt(nowS)
      .setExpirationTime(expS)
      .setJti(randomBytes(16).toString('base64url'))
      .sign(this.#keys.current.key);
    return { token, expiresAt: expS * 1000, maxAgeAt: maxAgeAtS * 1000 };
  }

  /** The claims of a token this connector issued and that has not expired; throws {@link AppError} otherwise. */
  async verify(token: string): Promise<SessionClaims> {
    let payload: unknown;
    try {
      ({ payload } = await jwtVerify(token, this.#keys.keyFor, {
        algorithms: [ALGORITHM],
        issuer: SESSION_ISSUER,
        audience: SESSION_AUDIENCE,
        clockTolerance: CLOCK_TOLERANCE_S,
        currentDate: new Date(this.#now()),
        requiredClaims: ['sub', 'exp', 'iat', 'jti'],
      }));
    } catch (error) {
      if (error instanceof errors.JWTExpired) throw sessionExpired();
      throw invalidToken(error);
    }
    const claims = claimsSchema.safeParse(payload);
    if (!claims.success) throw invalidToken(claims.error);
    const c = claims.data;
    return { agentId: c.sub, role: c.role, epoch: c.ep, authTime: c.auth_time * 1000, expiresAt: c.exp * 1000, method: c.amr };
  }

  /** When refreshing the session stops (ms): the agent must sign in again from then on. */
  refreshUntil(session: Pick<SessionClaims, 'authTime'>): number {
    return session.authTime + this.#maxAgeS * 1000;
  }

}

/** The 401 for an expired token, with the header RFC 6750 asks for. */
export function sessionExpired(message?: string): AppError {
  return new AppError('SESSION_EXPIRED', message, {}, { 'WWW-Authenticate': 'Bearer realm="connector", error="invalid_token", error_description="expired"' });
}

/** The 401 for a token that is not one of ours (malformed, tampered, unknown key or algorithm). */
export function invalidToken(cause?: unknown): AppError {
  return new AppError(
    'UNAUTHENTICATED',
    'The session token is not valid; sign in again.',
    {},
    { 'WWW-Authenticate': 'Bearer realm="connector", error="invalid_token"' },
    cause,
  );
}

