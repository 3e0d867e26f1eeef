import type { RequestHandler } from 'express';
import helmet from 'helmet';
import { softphonePagePolicy } from './softphone-page-policy.js';

/**
 * helmet for every response of the connector, tuned for an API that nothing frames or embeds:
 * - CSP `default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'` (JSON loads nothing), and
 *   `X-Frame-Options: DENY`; pages that need more (the widget, the demo CRM, the sign-in popup) set their own;
 * - HSTS for a year with subdomains, `nosniff`, `Referrer-Policy: no-referrer` (no token in a URL ever leaks on);
 * - `Cross-Origin-Opener-Policy: same-origin-allow-popups`: a top-level softphone page keeps its handle on the OAuth
 *   popup it opens, so the popup can post the session back (the popup's own result page must answer `unsafe-none`,
 *   as it came back from the CRM's login pages);
 * - `Cross-Origin-Resource-Policy: same-origin`: no other site embeds the answers (CORS reads are not affected).
 * No answer of the connector sets a cookie (a test checks): the widget lives in third-party iframes, where cookies are
 * blocked, so every credential travels in an `Authorization` header.
 */
export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'none'"],
        frameAncestors: ["'none'"],
      },
    },
    crossOriginOpenerPolicy: { policy: 'same-origin-allow-popups' },
    crossOriginResourcePolicy: { policy: 'same-origin' },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
    xFrameOptions: { action: 'deny' },
  });
}

/** Where a loopback Salesforce stand-in runs (a developer's or a test's); any port. */
const LOOPBACK_SALESFORCE = ['http://127.0.0.1:*', 'http://localhost:*'];

/** What decides who may frame the widget: the configuration, never the request. */
export interface WidgetFraming {
  /** `Config.crmOrigins`: the CRM pages that host the softphone. */
  readonly crmOrigins: readonly string[];
  /** `Config.loopbackSalesforce`: also a Salesforce stand-in on loopback, any port. */
  readonly loopbackSalesforce?: boolean;
}

/**
 * The headers of `/widget/` (after {@link securityHeaders}): the softphone page may be framed by the connector's own
 * pages and exactly the configured CRM origins (plus loopback only with `loopbackSalesforce`), and may load Open CTI
 * from those origins (Salesforce serves `opencti_min.js` from the org that frames the softphone). Its files may be
 * loaded by other sites (`Cross-Origin-Resource-Policy: cross-origin`): the embed script is `softphone.js` on any page.
 */
export function widgetPagePolicy(framing: WidgetFraming): RequestHandler {
  const origins = [...framing.crmOrigins, ...(framing.loopbackSalesforce ? LOOPBACK_SALESFORCE : [])];
  const page = softphonePagePolicy({ framers: origins, scriptOrigins: origins });
  return (req, res, next) => {
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    page(req, res, next);
  };
}

/** One line for the startup log saying who may frame the widget, so a missing `CRM_ORIGINS` is noticed. */
export function describeFraming(crmOrigins: readonly string[]): string {
  if (crmOrigins.length === 0) {
    return 'No CRM origin is configured (CRM_ORIGINS): only the connector’s own pages may frame the widget, so no CRM can show it.';
  }
  return `The widget may be framed by the connector’s own pages and ${crmOrigins.join(', ')} (CRM_ORIGINS).`;
}
