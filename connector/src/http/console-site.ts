import { Router, type RequestHandler } from 'express';
import helmet from 'helmet';
import { AppError } from '../errors/app-error.js';
import { builtSite } from './built-site.js';

/**
 * `/admin/`: the admin console built by `npm run build` (`index.html`, `console.js`, `console.css`), served to the
 * admin's browser; every request it makes goes to the admin API with the admin's bearer token.
 *
 * - A strict page policy: scripts, styles, fonts and requests from the connector only (`'self'`), images also as
 *   `data:`, no `<base>`, forms only to the connector, and no framing at all (CSP `frame-ancestors 'none'` and
 *   `X-Frame-Options: DENY`): a framed console could be clickjacked into an admin action. No referrer leaves it.
 * - Served as {@link builtSite} serves a build: `no-cache` with ETags, 503 CONSOLE_NOT_BUILT until built, `/admin`
 *   redirected to `/admin/`.
 */
export function consoleSite(dir: string): Router {
  const router = Router();
  router.use(consolePagePolicy());
  router.use(builtSite(dir, () => new AppError('CONSOLE_NOT_BUILT', 'The admin console is not built yet; run npm run build, then reload this page.')));
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
