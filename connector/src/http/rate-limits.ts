import type { Request, RequestHandler, Response } from 'express';
import { ipKeyGenerator, rateLimit, type Logger, type RateLimitInfo } from 'express-rate-limit';
import { AppError } from '../errors/app-error.js';

/** How many requests a client may make per window (one minute unless a test makes it shorter). */
export interface RateLimitOptions {
  readonly perMinute: number;
  /** The window's length; 60 000 ms by default. Tests pass a short one instead of waiting a minute. */
  readonly windowMs?: number;
  /** Where the library reports a misconfiguration (such as `trust proxy` set to `true`); the console by default. */
  readonly logger?: Logger;
}

/**
 * Failed sign-in attempts (`/api/v1/auth/*`, `/auth/*`: refused with 401 or 403) per client IP. Only failures count: a call centre whose agents
 * all sign in at nine from one office address is not a brute-force attack. `req.ip` honours the app's `trust proxy`
 * (`Config.trustProxy`), so behind a load balancer the client's own address counts, not the balancer's.
 */
export function signInLimiter(options: RateLimitOptions): RequestHandler {
  return limiter(options, {
    name: 'sign-in',
    failuresOnly: true,
    key: (req) => `ip:${clientIp(req)}`,
    message: (s) => `Too many sign-in attempts from your network; try again in ${s} seconds.`,
  });
}

/**
 * Agent API requests per agent, whatever IP they come from. Mount it after the session check, which sets
 * `res.locals.agent`; a request without one counts against its IP instead.
 */
export function agentApiLimiter(options: RateLimitOptions): RequestHandler {
  return limiter(options, {
    name: 'api-agent',
    key: (req, res) => {
      const agentId = (res.locals as { agent?: { id?: unknown } }).agent?.id;
      return typeof agentId === 'string' ? `agent:${agentId}` : `ip:${clientIp(req)}`;
    },
    message: (s) => `Too many requests from this agent; try again in ${s} seconds.`,
  });
}

/**
 * Agent API requests refused for their credentials (401, 403) per client IP. Mount it before the session check: a flood of made-up tokens is cut off
 * before each one costs a signature check and a store read. Only failures count, so the agents of one office, all
 * behind one address, are limited each on its own (by {@link agentApiLimiter}), not together.
 */
export function ipApiLimiter(options: RateLimitOptions): RequestHandler {
  return limiter(options, {
    name: 'api-ip',
    failuresOnly: true,
    key: (req) => `ip:${clientIp(req)}`,
    message: (s) => `Too many requests from your network; try again in ${s} seconds.`,
  });
}

interface LimiterKind {
  /** Names the policy in the `RateLimit` headers (several limiters may answer one request). */
  readonly name: string;
  readonly key: (req: Request, res: Response) => string;
  readonly message: (retryAfterS: number) => string;
  /**
   * Count only refused credentials (401 and 403): a bad request or another limiter's 429 from one agent must not use
   * up the budget of everyone behind the same address.
   */
  readonly failuresOnly?: boolean;
}

/**
 * One limiter: 429 RATE_LIMITED through the central error handler, `{"error":{"code":"RATE_LIMITED","message",
 * "retryAfterS"}}` with `Retry-After`, and the IETF draft-8 `RateLimit`/`RateLimit-Policy` headers on every answer.
 * The counts live in this process's memory: several connector instances share nothing, so each allows the full rate
 * (a shared store is issue 9's, with PostgreSQL).
 */
function limiter(options: RateLimitOptions, kind: LimiterKind): RequestHandler {
  const windowMs = options.windowMs ?? 60_000;
  const property = `rateLimit:${kind.name}`;
  const retryAfterS = (req: Request): number => {
    const resetTime = (req as unknown as Record<string, RateLimitInfo | undefined>)[property]?.resetTime;
    const ms = resetTime ? resetTime.getTime() - Date.now() : windowMs;
    return Math.max(1, Math.ceil(ms / 1000));
  };
  return rateLimit({
    windowMs,
    limit: options.perMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    identifier: kind.name,
    requestPropertyName: property,
    keyGenerator: kind.key,
    ...(kind.failuresOnly
      ? { skipSuccessfulRequests: true, requestWasSuccessful: (_req: Request, res: Response) => res.statusCode !== 401 && res.statusCode !== 403 }
      : {}),
    retryAfter: retryAfterS,
    handler: (req, _res, next) => {
      const seconds = retryAfterS(req);
      next(new AppError('RATE_LIMITED', kind.message(seconds), { retryAfterS: seconds }, { 'Retry-After': String(seconds) }));
    },
    // `trust proxy` is set from `TRUST_PROXY`; a client sending X-Forwarded-For to a connector without a proxy is
    // not a misconfiguration worth a console error.
    validate: { xForwardedForHeader: false },
    ...(options.logger ? { logger: options.logger } : {}),
  });
}

/** The client's address as the limiters count it: an IPv6 client by its /56 network, so it cannot hop addresses. */
function clientIp(req: Request): string {
  return ipKeyGenerator(req.ip ?? req.socket.remoteAddress ?? 'unknown');
}
