import { statSync } from 'node:fs';
import path from 'node:path';
import { Router, type RequestHandler } from 'express';
import expressStaticGzip from 'express-static-gzip';
import type { AppError } from '../errors/app-error.js';

/**
 * A folder `npm run build` fills (the widget, the admin console), served as static files:
 *
 * - Every file is answered with `Cache-Control: no-cache` and an `ETag`: a browser revalidates each load (a 304 when
 *   nothing changed), so a new deploy is picked up at once without renaming files.
 * - Until the folder exists, GET and HEAD throw `notBuilt()` (a 503 saying to build); checked per request, so a build
 *   made while the connector runs is served at once.
 * - The mount point without its slash (`/widget`) redirects (301) to `/widget/`, where the page's relative URLs
 *   resolve, keeping the query.
 * - A file the build compressed (`softphone.js.br`, `.gz`, see scripts/precompress.ts) goes out in the smallest
 *   encoding the browser accepts, brotli first, with `Vary: Accept-Encoding`; nothing is compressed per request.
 */
export function builtSite(dir: string, notBuilt: () => AppError): Router {
  const router = Router();
  router.use(requireBuilt(dir, notBuilt));
  router.use(precompressedStatic(dir));
  return router;
}

/**
 * Static files with their precompressed variants. The variants are listed when the handler is made, so it is made
 * again whenever the folder's entries change (a first build, or one after the connector started).
 */
function precompressedStatic(dir: string): RequestHandler {
  let current: { readonly mtimeMs: number; readonly handler: RequestHandler } | undefined;
  return (req, res, next) => {
    // express-static-gzip answers a path that does not decode with a bare text 400; no file has such a name, so it
    // falls through to the JSON 404 like any other missing file.
    if (!decodes(req.path)) {
      next();
      return;
    }
    const mtimeMs = statSync(dir).mtimeMs;
    if (current?.mtimeMs !== mtimeMs) {
      current = {
        mtimeMs,
        handler: expressStaticGzip(path.resolve(dir), {
          enableBrotli: true,
          orderPreference: ['br', 'gzip'],
          index: 'index.html',
          serveStatic: {
            etag: true,
            lastModified: true,
            cacheControl: false,
            redirect: false,
            fallthrough: true,
            setHeaders: (res) => res.setHeader('Cache-Control', 'no-cache'),
          },
        }) as RequestHandler,
      };
    }
    current.handler(req, res, next);
  };
}

function requireBuilt(dir: string, notBuilt: () => AppError): RequestHandler {
  return (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      next();
      return;
    }
    if (!isFolder(dir)) throw notBuilt();
    const pathname = req.originalUrl.split('?')[0]!;
    if (req.path === '/' && !pathname.endsWith('/')) {
      res.redirect(301, `${req.baseUrl}/${req.originalUrl.slice(pathname.length)}`);
      return;
    }
    next();
  };
}

function decodes(urlPath: string): boolean {
  try {
    decodeURIComponent(urlPath);
    return true;
  } catch {
    return false;
  }
}

function isFolder(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}
