import { z } from 'zod';
import { AppError } from '../errors/app-error.js';
import { addDays, daysBetween, isCalendarDate, MAX_USAGE_DAYS, type UsageQuery } from '../services/usage-report.js';
import { isTimeZone, localDate } from '../domain/usage-time-zone.js';
import { agentId } from './sip-account-schemas.js';
import { validate } from './validate.js';

/** At most this many agents in one `agent` filter: more than a team, fewer than would make a URL too long. */
const MAX_AGENTS = 500;
/**
 * The years a date may name: from the epoch (stored times are ms since it) to the year before 9999, so the day after
 * `to`, which bounds the range, is still a four-digit date.
 */
const FIRST_YEAR = 1970;
const LAST_YEAR = 9998;

const date = z
  .string({ message: 'must be given once, as a date YYYY-MM-DD such as 2026-11-02' })
  .refine(isCalendarDate, { message: 'must be a date YYYY-MM-DD such as 2026-11-02' })
  .refine(
    (value) => {
      const year = Number(value.slice(0, 4));
      return year >= FIRST_YEAR && year <= LAST_YEAR;
    },
    { message: `must be a date in the years ${FIRST_YEAR} to ${LAST_YEAR}, such as 2026-11-02` },
  );

const agents = z
  .array(agentId, { message: 'must be agent ids separated by commas, such as maria,omar' })
  .max(MAX_AGENTS, { message: `must list at most ${MAX_AGENTS} agents` });

const common = {
  from: date.optional(),
  to: date.optional(),
  tz: z
    .string({ message: 'must be given once, as an IANA time zone such as Europe/London' })
    .refine(isTimeZone, { message: 'must be an IANA time zone such as Europe/London, America/New_York or UTC' })
    .default('UTC'),
  team: z
    .string({ message: 'must be given once, as a team name' })
    .min(1, { message: 'must be a team name; leave it out for every team' })
    .max(64, { message: 'must be at most 64 characters' })
    .optional(),
};

const usageQuery = z.strictObject(
  {
    ...common,
    agent: z
      .string({ message: 'must be given once, as agent ids separated by commas, such as maria,omar' })
      .transform((v) => v.split(','))
      .pipe(agents)
      .optional(),
  },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys' ? `has parameters the API does not know (${issue.keys.join(', ')}); use from, to, tz, agent and team` : undefined,
  },
);

const usageBody = z.strictObject(
  {
    ...common,
    agent: z
      .preprocess(
        (value) => (typeof value === 'string' ? value.split(',') : value),
        z
          .array(agentId, { message: 'must be agent ids: an array such as ["maria", "omar"], or "maria,omar"' })
          .max(MAX_AGENTS, { message: `must list at most ${MAX_AGENTS} agents` }),
      )
      .optional(),
  },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `has fields the API does not know (${issue.keys.join(', ')}); send only from, to, tz, agent and team`
        : issue.code === 'invalid_type' && (issue.path ?? []).length === 0
          ? 'must be a JSON object such as {"from": "2026-11-01", "to": "2026-11-30", "tz": "Europe/London"}'
          : undefined,
  },
);

/**
 * The query of `GET /admin/usage` and `GET /admin/calls.csv`: `from` and `to` local dates in `tz` (both included, years
 * 1970 to 9998), `tz` an IANA zone (UTC by default), `agent` agent ids separated by commas, `team` a team name. Without
 * dates, the 7 days ending today in `tz`; `from` alone runs to today, `to` alone covers the 7 days ending then. Throws
 * VALIDATION_FAILED naming the parameter and what to send: a malformed date or one out of those years, an unknown
 * zone, `to` before `from` or a range over {@link MAX_USAGE_DAYS} days.
 */
export function parseUsageQuery(query: unknown, now: number): UsageQuery {
  return usageQueryOf(validate(usageQuery, query, 'query'), now, 'query');
}

/**
 * The same filter given as a JSON body (`POST /admin/exports/calls`), checked exactly alike; `agent` may also be an
 * array of ids. Errors name `body.<field>`.
 */
export function parseUsageBody(body: unknown, now: number): UsageQuery {
  return usageQueryOf(validate(usageBody, body, 'body'), now, 'body');
}

function usageQueryOf(
  parsed: { from?: string | undefined; to?: string | undefined; tz: string; agent?: string[] | undefined; team?: string | undefined },
  now: number,
  where: 'query' | 'body',
): UsageQuery {
  const timeZone = parsed.tz;
  const to = parsed.to ?? localDate(now, timeZone);
  const from = parsed.from ?? addDays(to, -6);
  if (daysBetween(from, to) < 0) {
    throw invalid(where, 'to', `must be on or after from (${from}); send to=${from} or later`);
  }
  if (daysBetween(from, to) + 1 > MAX_USAGE_DAYS) {
    throw invalid(where, 'to', `must be at most ${MAX_USAGE_DAYS} days after from, both included (from=${from} allows up to to=${addDays(from, MAX_USAGE_DAYS - 1)})`);
  }
  return { from, to, timeZone, agentIds: parsed.agent ? [...new Set(parsed.agent)] : null, team: parsed.team ?? null };
}

function invalid(where: 'query' | 'body', parameter: string, message: string): AppError {
  const field = `${where}.${parameter}`;
  return new AppError('VALIDATION_FAILED', `${field} ${message}`, { issues: [{ field, message }] });
}
