import helmet from 'helmet';
import type { RequestHandler } from 'express';

/** Who may frame a softphone page and where it may load scripts from, besides the connector itself. */
export interface SoftphonePageOptions {
  /** CSP sources (exact origins, or a loopback `http://127.0.0.1:*`) whose pages may frame this one. None by default. */
  readonly framers?: readonly string[];
  /** CSP sources the page may load scripts from: the Salesforce org that serves Open CTI (`opencti_min.js`). */
  readonly scriptOrigins?: readonly string[];
}

/**
 * The headers of a page that runs the softphone: helmet's CSP defaults plus what a softphone needs, a WebSocket to
 * the SIP server (any `wss:`, and `ws:` for a local one: the server is the agent's setting, not known here) and
 * remote audio from `blob:` URLs.
 *
 * Framing is promised to be exactly `'self'` plus `framers` (CSP `frame-ancestors`); with no framers the page also
 * says `X-Frame-Options: SAMEORIGIN`, and with some it drops that header, which cannot name other origins. The lists
 * come from the configuration, never from the request: behind a reverse proxy every request may claim any `Host`.
 */
export function softphonePagePolicy(options: SoftphonePageOptions = {}): RequestHandler {
  const framers = options.framers ?? [];
  const csp = helmet.contentSecurityPolicy({
    useDefaults: true,
    directives: {
      connectSrc: ["'self'", 'wss:', 'ws:'],
      mediaSrc: ["'self'", 'blob:'],
      scriptSrc: ["'self'", ...(options.scriptOrigins ?? [])],
      frameAncestors: ["'self'", ...framers],
      // The softphone's only plain-text connection is a ws:// SIP server on loopback, which the config allows for
      // local development; upgrading it to wss:// would break exactly that.
      upgradeInsecureRequests: null,
    },
  });
  return (req, res, next) => {
    if (framers.length === 0) res.setHeader('X-Frame-Options', 'SAMEORIGIN');
    else res.removeHeader('X-Frame-Options');
    csp(req, res, next);
  };
}
