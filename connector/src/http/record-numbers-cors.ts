import cors from 'cors';
import type { RequestHandler } from 'express';

/** The one route a CRM page's own script reads cross-origin: a record's numbers with their policy verdicts. */
export const RECORD_NUMBERS = '/records/:objectType/:id/numbers';

/**
 * CORS for {@link RECORD_NUMBERS}: a page on one of `origins` (the Salesforce record page's Lightning component) may
 * read the answer; any other origin gets no `Access-Control-Allow-Origin`, so its browser keeps the answer from it.
 * Plain GETs without credentials only: nothing here lets a page send a token or a cookie cross-origin.
 */
export function recordNumbersCors(origins: readonly string[]): RequestHandler {
  const allowed = new Set(origins);
  return cors({
    origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin)),
    methods: ['GET', 'HEAD'],
    credentials: false,
    maxAge: 600,
  });
}
