import type { RequestHandler } from 'express';
import { AppError } from '../errors/app-error.js';

/** Requests that carry a body must say it is JSON; otherwise the body would silently be ignored. */
export const requireJson: RequestHandler = (req, _res, next) => {
  const hasBody = req.method === 'POST' || req.method === 'PUT' || req.method === 'PATCH';
  if (hasBody && !req.is('application/json')) {
    next(new AppError('UNSUPPORTED_MEDIA_TYPE', `Send the request body as application/json (got ${req.get('content-type') ?? 'no Content-Type'}).`));
    return;
  }
  next();
};
