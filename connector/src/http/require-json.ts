import type { RequestHandler } from 'express';
import { AppError } from '../errors/app-error.js';

/** A request that carries a body must say it is JSON; otherwise the body would silently be ignored. */
export const requireJson: RequestHandler = (req, _res, next) => {
  const length = req.get('content-length');
  const hasBody = (length !== undefined && length !== '0') || req.get('transfer-encoding') !== undefined;
  if (hasBody && !req.is('application/json')) {
    next(new AppError('UNSUPPORTED_MEDIA_TYPE', `Send the request body as application/json (got ${req.get('content-type') || 'no Content-Type'}).`));
    return;
  }
  next();
};
