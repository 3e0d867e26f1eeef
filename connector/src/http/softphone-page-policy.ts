import helmet from 'helmet';
import type { RequestHandler } from 'express';

/**
 * The Content-Security-Policy of a page that runs the softphone: helmet's defaults, plus what a softphone needs: a
 * WebSocket to the SIP server (any `wss:`, and `ws:` for a local one: the server is the agent's setting, not known
 * here) and remote audio from `blob:` URLs. With `framedByCrm`, the page may be framed by any site and may load
 * Salesforce's Open CTI library (`opencti_min.js`) from the org that hosts it; with `loopbackSalesforce` (the
 * connector is configured against a Salesforce stand-in on loopback) also from loopback, where such a stand-in serves
 * it. The choice comes from the configuration, never from the request: behind a reverse proxy every request may
 * claim a loopback `Host`.
 *
 * Issue 7 replaces the open framing with `frame-ancestors` from the configuration (the tenant's CRM origins).
 */
export function softphonePagePolicy(options: { framedByCrm: boolean; loopbackSalesforce?: boolean }): RequestHandler {
  return helmet.contentSecurityPolicy({
    useDefaults: true,
    directives: {
      connectSrc: ["'self'", 'wss:', 'ws:'],
      mediaSrc: ["'self'", 'blob:'],
      ...(options.framedByCrm
        ? {
            scriptSrc: [
              "'self'",
              'https://*.force.com',
              'https://*.salesforce.com',
              ...(options.loopbackSalesforce ? ['http://127.0.0.1:*', 'http://localhost:*'] : []),
            ],
            frameAncestors: null,
            // The widget's only plain-text connection is a ws:// SIP server on loopback, which the config allows for
            // local development; upgrading it to wss:// would break exactly that.
            upgradeInsecureRequests: null,
          }
        : {}),
    },
  });
}
