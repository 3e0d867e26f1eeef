import { Router } from 'express';
import { AppError } from '../errors/app-error.js';
import { builtSite } from './built-site.js';
import { widgetPagePolicy, type WidgetFraming } from './security-headers.js';

/**
 * `/widget/`: the softphone bundle built by `npm run build` (`index.html`, `softphone.js`, ...), whatever the CRM.
 *
 * - A CRM frames the page (Salesforce's utility bar, HubSpot's calling iframe) and pages load `softphone.js` from
 *   another origin (the embed script): only the configured CRM origins may frame it (CSP `frame-ancestors`, see
 *   {@link widgetPagePolicy}), and any page may load its files.
 * - Served as {@link builtSite} serves a build: `no-cache` with ETags (a new deploy shows at the next load), 503
 *   WIDGET_NOT_BUILT saying to run `npm run build` until built, `/widget` redirected to `/widget/`.
 */
export function widgetSite(dir: string, framing: WidgetFraming): Router {
  const router = Router();
  router.use(widgetPagePolicy(framing));
  router.use(builtSite(dir, () => new AppError('WIDGET_NOT_BUILT', 'The softphone widget is not built yet; run npm run build, then reload this page.')));
  return router;
}
