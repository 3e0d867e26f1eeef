import type { z } from 'zod';
import { AppError } from '../errors/app-error.js';

/**
 * Parses one part of a request with its schema, or throws VALIDATION_FAILED whose message names the field and what
 * it must be (`body.number must be a string of 1 to 200 characters`), and lists every problem in `issues`.
 */
export function validate<S extends z.ZodType>(schema: S, value: unknown, where: 'body' | 'query' | 'params'): z.output<S> {
  const nul = pathOfNul(value, [where]);
  if (nul) {
    // PostgreSQL cannot store U+0000 in text: refused here, with the field, rather than failing later in the store
    // (where a call's fold would fail again at every retry).
    const field = nul.join('.');
    throw new AppError('VALIDATION_FAILED', `${field} must not contain the NUL character (U+0000)`, { issues: [{ field, message: 'must not contain the NUL character (U+0000)' }] });
  }
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

/** Where the first string (or object key) holding U+0000 is, as a path from `path`; null when none does. */
function pathOfNul(value: unknown, path: readonly string[]): string[] | null {
  if (typeof value === 'string') return value.includes('\u0000') ? [...path] : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = pathOfNul(value[i], [...path, String(i)]);
      if (found) return found;
    }
    return null;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key.includes('\u0000')) return [...path, key.replaceAll('\u0000', '\\u0000')];
      const found = pathOfNul(item, [...path, key]);
      if (found) return found;
    }
  }
  return null;
}
