import express, { Router, type RequestHandler } from 'express';
import { AppError } from '../errors/app-error.js';
import type { Agent } from '../store/store.js';
import { agentForSessionToken, type SessionAuthDeps } from './agent-auth.js';
import { takeCallEvents, type CallEventIntakeDeps } from './call-event-intake.js';
import { callEventsBeaconBody } from './call-event-schemas.js';
import { methodNotAllowed } from './error-handler.js';
import { validate } from './validate.js';

/**
 * `POST /calls/events/beacon`: the widget's last events, sent with `navigator.sendBeacon` as its page goes away.
 *
 * A beacon cannot set an `Authorization` header, and a cross-origin `application/json` body would need a CORS
 * preflight that an unloading page never completes, so this one route takes `text/plain` holding the JSON
 * `{"token", "events"}` where `token` is the agent's session token. It must be mounted before the API's JSON-only
 * guard; everything after the parsing is the events route's own code: the same session check and answers (401, 403),
 * the same event schemas (400), the same durable 202.
 */
export function callBeaconRoutes(
  deps: CallEventIntakeDeps &
    SessionAuthDeps & {
      readonly bodyLimitBytes: number;
      /** The per-agent API limit, run once the body's token named the agent, as on every other agent route. */
      readonly agentLimiter?: RequestHandler;
    },
): Router {
  const router = Router();
  const limitAgent: RequestHandler = deps.agentLimiter ?? ((_req, _res, next) => next());

  const authenticate: RequestHandler = async (req, res, next) => {
    if (!req.is('text/plain')) {
      throw new AppError(
        'UNSUPPORTED_MEDIA_TYPE',
        `Send the beacon body as text/plain holding JSON {"token", "events"} (got ${req.get('content-type') || 'no Content-Type'}).`,
      );
    }
    const parsed = parseJson(req.body);
    const { agent } = await agentForSessionToken(deps, isObject(parsed) ? parsed.token : undefined, res);
    res.locals.agent = agent;
    res.locals.beacon = parsed;
    next();
  };
  router.post('/calls/events/beacon', express.text({ type: 'text/plain', limit: deps.bodyLimitBytes }), authenticate, limitAgent, async (_req, res) => {
    const body = validate(callEventsBeaconBody, res.locals.beacon, 'body');
    res.status(202).json(await takeCallEvents(deps, res.locals.agent as Agent, body.events));
  });
  router.all('/calls/events/beacon', methodNotAllowed(['POST']));

  return router;
}

function parseJson(text: unknown): unknown {
  try {
    return JSON.parse(typeof text === 'string' ? text : '');
  } catch {
    throw new AppError('MALFORMED_JSON', 'The beacon body is not valid JSON; send {"token": "<session token>", "events": [...]}.');
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
