import { statSync } from 'node:fs';
import express, { Router, type RequestHandler } from 'express';
import { AppError } from '../errors/app-error.js';
import { widgetPagePolicy, type WidgetFraming } from './security-headers.js';

/**
 * `/widget/`: the softphone bundle built by `npm run build` (`index.html`, `softphone.js`, ...), whatever the CRM.
 *
 * - Every file is answered with `Cache-Control: no-cache` and an `ETag`: a browser revalidates each load (a 304 when
 *   nothing changed), so a new deploy is picked up at once without renaming files.
 * - A CRM frames the page (Salesforce's utility bar, HubSpot's calling iframe) and pages load `softphone.js` from
 *   another origin (the embed script): only the configured CRM origins may frame it (CSP `frame-ancestors`, see
 *   {@link widgetPagePolicy}), and any page may load its files.
 * - Until the bundle is built, it answers 503 WIDGET_NOT_BUILT saying to run `npm run build`; checked per request,
 *   so a build made while the connector runs is served at once.
 */
export function widgetSite(dir: string, framing: WidgetFraming): Router {
  const router = Router();
  router.use(widgetPagePolicy(framing));
  router.use(requireBuilt(dir));
  router.use(
    express.static(dir, {
      index: 'index.html',
      etag: true,
      lastModified: true,
      cacheControl: false,
      redirect: false,
      fallthrough: true,
      setHeaders: (res) => res.setHeader('Cache-Control', 'no-cache'),
    }),
  );
  return router;
}

function requireBuilt(dir: string): RequestHandler {
  return (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      next();
      return;
    }
    if (!isFolder(dir)) {
      throw new AppError('WIDGET_NOT_BUILT', 'The softphone widget is not built yet; run npm run build, then reload this page.');
    }
    // `/widget` without its slash would resolve the page's relative `softphone.js` against `/`.
    if (req.path === '/' && !req.originalUrl.split('?')[0]!.endsWith('/')) {
      const query = req.originalUrl.slice(req.originalUrl.split('?')[0]!.length);
      res.redirect(301, `${req.baseUrl}/${query}`);
      return;
    }
    next();
  };
}

function isFolder(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}
