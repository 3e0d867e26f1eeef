import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { Histogram } from 'prom-client';

/**
 * Logs each request once it is answered and times it by route template. The query string is left out of logs: it
 * holds customers' phone numbers.
 */
export function requestObserver(logger: Logger, histogram: Histogram<'method' | 'route' | 'status'>): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = req.route?.path ? `${req.baseUrl}${String(req.route.path)}` : 'unmatched';
      histogram.observe({ method: req.method, route, status: String(res.statusCode) }, seconds);
      logger.info({ method: req.method, path: `${req.baseUrl}${req.path}`, route, status: res.statusCode, ms: Math.round(seconds * 1000) }, 'request');
    });
    next();
  };
}
