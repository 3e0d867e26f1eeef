import { randomBytes } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import { AppError } from '../errors/app-error.js';
import type { UsageQuery } from '../services/usage-report.js';
import { SESSION_ISSUER } from './session-tokens.js';
import { SigningKeys } from './signing-keys.js';

/** The audience of a calls-export ticket: no session token (audience `agent-api`) is ever one. */
export const EXPORT_TICKET_AUDIENCE = 'calls-export';
/** How long a download link works: long enough to follow it, too short to be worth stealing from a history. */
export const EXPORT_TICKET_TTL_S = 60;
const ALGORITHM = 'HS256';
/** Its own HKDF info: a ticket key is never a session key, even from the same secrets key. */
const HKDF_INFO = 'calls-export-ticket-v1';
const CLOCK_TOLERANCE_S = 5;

const EXPIRED = 'This download link has expired; export again from the admin console.';
const NOT_VALID = 'This download link is not valid; export again from the admin console.';

const claimsSchema = z.object({
  sub: z.string().min(1).max(200),
  exp: z.number().int(),
  q: z.strictObject({
    from: z.string(),
    to: z.string(),
    tz: z.string(),
    agents: z.array(z.string()).nullable(),
    team: z.string().nullable(),
  }),
});

/** What a verified ticket says: who asked for the export, and which calls. */
export interface ExportTicketClaims {
  /** The admin who asked (`admin-token` or `agent:<id>`), under whom the download is audited. */
  readonly actor: string;
  readonly query: UsageQuery;
}

/**
 * Download tickets for the calls export: the admin console cannot stream a bearer-authenticated fetch to disk, so an
 * admin asks for a link (with its bearer) and the browser downloads from it (without one).
 *
 * Promises:
 * - A ticket is a JWT (HS256) under a key derived (HKDF-SHA256, info `calls-export-ticket-v1`) from the current or a
 *   previous secrets key, with the session issuer, audience `calls-export`, and an expiry {@link EXPORT_TICKET_TTL_S}
 *   after issue; it holds the admin (`sub`) and the filter as the admin API validated it (`q`), dates resolved.
 * - `verify` accepts only such a ticket before its expiry (5 s of clock tolerance) and throws EXPORT_LINK_INVALID
 *   otherwise: saying the link expired when it did, that it is not valid for anything else (forged, tampered, another
 *   key, a session token).
 */
export class ExportTickets {
  readonly #keys: SigningKeys;
  readonly #now: () => number;

  constructor(deps: { keys: { current: Uint8Array; previous: readonly Uint8Array[] }; now?: () => number }) {
    this.#keys = new SigningKeys(deps.keys, HKDF_INFO);
    this.#now = deps.now ?? Date.now;
  }

  /** A ticket for `actor` to download the calls of `query`, and when it expires (ms since epoch). */
  async issue(args: { actor: string; query: UsageQuery }): Promise<{ ticket: string; expiresAt: number }> {
    const nowS = Math.floor(this.#now() / 1000);
    const expS = nowS + EXPORT_TICKET_TTL_S;
    const { query } = args;
    const ticket = await new SignJWT({ q: { from: query.from, to: query.to, tz: query.timeZone, agents: query.agentIds, team: query.team } })
      .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT', kid: this.#keys.current.kid })
      .setSubject(args.actor)
      .setIssuer(SESSION_ISSUER)
      .setAudience(EXPORT_TICKET_AUDIENCE)
      .setIssuedAt(nowS)
      .setExpirationTime(expS)
      .setJti(randomBytes(16).toString('base64url'))
      .sign(this.#keys.current.key);
    return { ticket, expiresAt: expS * 1000 };
  }

  /** The claims of a ticket this connector issued that has not expired; throws EXPORT_LINK_INVALID otherwise. */
  async verify(ticket: string): Promise<ExportTicketClaims> {
    let payload: unknown;
    try {
      ({ payload } = await jwtVerify(ticket, this.#keys.keyFor, {
        algorithms: [ALGORITHM],
        issuer: SESSION_ISSUER,
        audience: EXPORT_TICKET_AUDIENCE,
        clockTolerance: CLOCK_TOLERANCE_S,
        currentDate: new Date(this.#now()),
        requiredClaims: ['sub', 'exp', 'iat', 'jti'],
      }));
    } catch (error) {
      throw new AppError('EXPORT_LINK_INVALID', error instanceof errors.JWTExpired ? EXPIRED : NOT_VALID, {}, {}, error);
    }
    const claims = claimsSchema.safeParse(payload);
    if (!claims.success) throw new AppError('EXPORT_LINK_INVALID', NOT_VALID, {}, {}, claims.error);
    const { sub, q } = claims.data;
    return { actor: sub, query: { from: q.from, to: q.to, timeZone: q.tz, agentIds: q.agents, team: q.team } };
  }

}

