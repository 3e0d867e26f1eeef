import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { CrmError } from '../crm/crm-error.js';
import { AppError } from '../errors/app-error.js';
import { fromCrmError } from '../errors/from-crm-error.js';

/** A known route asked with a method it does not serve: 405 with the `Allow` header, as RFC 9110 wants. */
export function methodNotAllowed(allowed: readonly string[]): RequestHandler {
  return (req, _res, next) => {
    next(
      new AppError(
        'METHOD_NOT_ALLOWED',
        `${req.baseUrl}${req.path} does not accept ${req.method}; use ${allowed.join(' or ')}.`,
        {},
        { Allow: allowed.join(', ') },
      ),
    );
  };
}

/** Unknown routes: a JSON 404 that says so, rather than Express's HTML page. */
export const notFound: RequestHandler = (req, _res, next) => {
  next(new AppError('ROUTE_NOT_FOUND', `There is no route ${req.method} ${req.baseUrl}${req.path}; see the README for the API.`));
};

/**
 * The one place errors become responses. Client errors are answered as they are; everything else is logged with its
 * stack and answered with the catalogue's generic message, so no stack trace or internal detail reaches a client.
 */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    const appError = toAppError(error, req.path);
    if ((error as { type?: unknown } | null)?.type === 'request.aborted') {
      logger.debug({ path: req.path }, 'client went away before sending its whole body');
    } else if (appError.status >= 500) {
      logger.error({ err: appError.cause ?? error, code: appError.code, path: req.path }, 'request failed');
    } else {
      logger.debug({ code: appError.code, path: req.path }, appError.message);
    }
    if (res.headersSent) {
      next(error);
      return;
    }
    res.status(appError.status).set(appError.headers).json(appError.toBody());
  };
}

function toAppError(error: unknown, path: string): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof CrmError) return fromCrmError(error);
  const type = (error as { type?: unknown } | null)?.type;
  if (type === 'entity.parse.failed') {
    return isJson((error as { body?: unknown }).body)
      ? new AppError('VALIDATION_FAILED', 'The request body must be a JSON object, such as {"number": "+14155552671"}.')
      : new AppError('MALFORMED_JSON');
  }
  if (type === 'entity.too.large') {
    const limit = (error as { limit?: number }).limit;
    return new AppError('PAYLOAD_TOO_LARGE', `The request body is too large${limit ? `; the limit is ${limit} bytes` : ''}.`);
  }
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') {
    return new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the request body as UTF-8 application/json.');
  }
  const status = (error as { status?: unknown } | null)?.status;
  if (typeof status === 'number' && status >= 400 && status < 500) return new AppError('BAD_REQUEST');
  return new AppError('INTERNAL', undefined, {}, {}, error ?? new Error(`unknown error on ${path}`));
}

/** Whether a body the strict JSON parser refused is JSON after all (`null`, `"text"`, `42`): wrong shape, not syntax. */
function isJson(body: unknown): boolean {
  if (typeof body !== 'string') return false;
  try {
    JSON.parse(body);
    return true;
  } catch {
    return false;
  }
}
