import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { CrmError } from '../crm/crm-error.js';
import { AppError } from '../errors/app-error.js';
import { fromCrmError } from '../errors/from-crm-error.js';

/** Unknown routes: a JSON 404 that says so, rather than Express's HTML page. */
export const notFound: RequestHandler = (req, _res, next) => {
  next(new AppError('ROUTE_NOT_FOUND', `There is no route ${req.method} ${req.path}; see the README for the API.`));
};

/**
 * The one place errors become responses. Client errors are answered as they are; everything else is logged with its
 * stack and answered with the catalogue's generic message, so no stack trace or internal detail reaches a client.
 */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const appError = toAppError(error, req.path);
    if (appError.status >= 500) {
      logger.error({ err: appError.cause ?? error, code: appError.code, path: req.path }, 'request failed');
    } else {
      logger.debug({ code: appError.code, path: req.path }, appError.message);
    }
    if (res.headersSent) return;
    res.status(appError.status).set(appError.headers).json(appError.toBody());
  };
}

function toAppError(error: unknown, path: string): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof CrmError) return fromCrmError(error);
  const type = (error as { type?: unknown } | null)?.type;
  if (type === 'entity.parse.failed') return new AppError('MALFORMED_JSON');
  if (type === 'entity.too.large') {
    const limit = (error as { limit?: number }).limit;
    return new AppError('PAYLOAD_TOO_LARGE', `The request body is too large${limit ? `; the limit is ${limit} bytes` : ''}.`);
  }
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') {
    return new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the request body as UTF-8 application/json.');
  }
  return new AppError('INTERNAL', undefined, {}, {}, error ?? new Error(`unknown error on ${path}`));
}
