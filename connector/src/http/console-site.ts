import { statSync } from 'node:fs';
import express, { Router, type RequestHandler } from 'express';
import helmet from 'helmet';
import { AppError } from '../errors/app-error.js';

/**
 * `/admin/`: the admin console built by `npm run build` (`index.html`, `console.js`, `console.css`), served to the
 * admin's browser; every request it makes goes to the admin API with the admin's bearer token.
 *
 * - A strict page policy: scripts, styles, fonts and requests from the connector only (`'self'`), images also as
 *   `data:`, no `<base>`, forms only to the connector, and no framing at all (CSP `frame-ancestors 'none'` and
 *   `X-Frame-Options: DENY`): a framed console could be clickjacked into an admin action. No referrer leaves it.
 * - Every file is answered with `Cache-Control: no-cache` and an `ETag`, so a new deploy shows at the next load.
 * - Until the console is built, it answers 503 CONSOLE_NOT_BUILT (checked per request, so a build made while the
 *   connector runs is served at once); `/admin` redirects to `/admin/`, where the page's relative URLs resolve.
 */
export function consoleSite(dir: string): Router {
  const router = Router();
  router.use(consolePagePolicy());
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

function consolePagePolicy(): RequestHandler {
  const csp = helmet.contentSecurityPolicy({
    useDefaults: false,
    directives: {
      defaultSrc: ["'none'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      fontSrc: ["'self'"],
      baseUri: ["'none'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
  });
  return (req, res, next) => {
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Referrer-Policy', 'no-referrer');
    csp(req, res, next);
  };
}

function requireBuilt(dir: string): RequestHandler {
  return (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      next();
      return;
    }
    if (!isFolder(dir)) throw new AppError('CONSOLE_NOT_BUILT', 'The admin console is not built yet; run npm run build, then reload this page.');
    // `/admin` without its slash would resolve the page's relative `console.js` against `/`.
    const pathname = req.originalUrl.split('?')[0]!;
    if (req.path === '/' && !pathname.endsWith('/')) {
      res.redirect(301, `${req.baseUrl}/${req.originalUrl.slice(pathname.length)}`);
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
