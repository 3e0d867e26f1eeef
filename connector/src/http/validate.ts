import type { z } from 'zod';
import { AppError } from '../errors/app-error.js';

/**
 * Parses one part of a request with its schema, or throws VALIDATION_FAILED whose message names the field and what
 * it must be (`body.number must be a string of 1 to 200 characters`), and lists every problem in `issues`.
 */
export function validate<S extends z.ZodType>(schema: S, value: unknown, where: 'body' | 'query' | 'params'): z.output<S> {
  const parsed = schema.safeParse(value === undefined ? {} : value);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => ({
    field: [where, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
  const first = issues[0]!;
  const message = first.field === where ? `The request ${where} ${first.message}` : `${first.field} ${first.message}`;
  throw new AppError('VALIDATION_FAILED', message, { issues });
}
