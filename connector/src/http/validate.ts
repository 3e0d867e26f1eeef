import type { z } from 'zod';
import { AppError } from '../errors/app-error.js';

/**
 * Parses one part of a request with its schema, or throws VALIDATION_FAILED whose message names the field and what
 * it must be (`body.number must be a string of 1 to 200 characters`), and lists every problem in `issues`.
 */
export function validate<S extends z.ZodType>(schema: S, value: unknown, where: 'body' | 'query' | 'params'): z.output<S> {
  const nul = pathOfNul(value, where);
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

/** A value met while looking for U+0000, and how it was reached (built into a path only when needed). */
interface Visit {
  readonly value: unknown;
  readonly key: string;
  readonly parent: Visit | null;
}

/**
 * Where the first string (or object key) holding U+0000 is, as a path from `where`; null when none does. Walks with a
 * stack of its own, not recursion, and links each visit to its parent rather than copying paths: a body may nest tens
 * of thousands of levels deep (JSON.parse takes it), and must still get its 400 at once.
 */
function pathOfNul(value: unknown, where: string): string[] | null {
  const pending: Visit[] = [{ value, key: where, parent: null }];
  for (let visit = pending.pop(); visit !== undefined; visit = pending.pop()) {
    const item = visit.value;
    if (typeof item === 'string') {
      if (item.includes('\u0000')) return pathTo(visit);
    } else if (Array.isArray(item)) {
      for (let i = item.length - 1; i >= 0; i--) pending.push({ value: item[i], key: String(i), parent: visit });
    } else if (item !== null && typeof item === 'object') {
      const entries = Object.entries(item);
      for (const [key] of entries) if (key.includes('\u0000')) return [...pathTo(visit), key.replaceAll('\u0000', '\\u0000')];
      for (let i = entries.length - 1; i >= 0; i--) pending.push({ value: entries[i]![1], key: entries[i]![0], parent: visit });
    }
  }
  return null;
}

function pathTo(visit: Visit): string[] {
  const path: string[] = [];
  for (let at: Visit | null = visit; at !== null; at = at.parent) path.push(at.key);
  return path.reverse();
}
