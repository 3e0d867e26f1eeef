import cors from 'cors';
import type { RequestHandler } from 'express';

/**
 * CORS for the agent API, so a CRM page's own script (the Salesforce record page component, a widget framed by the
 * CRM) may call it with the agent's session token. Promised:
 * - only an `Origin` exactly equal to one of `crmOrigins` (`Config.crmOrigins`) gets `Access-Control-Allow-Origin`,
 *   echoing it (never `*`); `null` and look-alike origins get nothing, so their browsers keep the answer from them;
 * - no credentials (`Access-Control-Allow-Credentials` is never sent): the token travels in `Authorization`;
 * - methods GET and POST, request headers `Authorization` and `Content-Type`, preflights cached 600 s; the client may
 *   read `Retry-After` and the `RateLimit` headers of a 429;
 * - a preflight from any other origin is answered 204 without any `Access-Control-*` header, so the browser stops
 *   there and the route never runs;
 * - every answer says `Vary: Origin`, so no cache hands one origin's answer to another.
 * Mount it on the agent routes only: the admin API is never called from a browser on another origin.
 */
export function agentApiCors(crmOrigins: readonly string[]): RequestHandler {
  const allowed = new Set(crmOrigins);
  const isAllowed = (origin: string | undefined): boolean => origin !== undefined && allowed.has(origin);
  const allow = cors({
    origin: (origin, callback) => callback(null, isAllowed(origin)),
    methods: ['GET', 'POST'],
    allowedHeaders: ['Authorization', 'Content-Type'],
    exposedHeaders: ['Retry-After', 'RateLimit', 'RateLimit-Policy'],
    credentials: false,
    maxAge: 600,
    optionsSuccessStatus: 204,
  });
  return (req, res, next) => {
    res.vary('Origin');
    if (isAllowed(req.get('origin'))) {
      allow(req, res, next);
      return;
    }
    if (req.method === 'OPTIONS' && req.get('origin') !== undefined && req.get('access-control-request-method') !== undefined) {
      res.status(204).setHeader('Content-Length', '0');
      res.end();
      return;
    }
    next();
  };
}
