import { isSupportedCountry, isValidPhoneNumber } from 'libphonenumber-js/max';
import { z } from 'zod';
import { canonicalCrmUserId } from '../auth/oauth/salesforce-user-ids.js';
import { agentId, sipAccountBody } from './sip-account-schemas.js';

/** Control, format and unassigned characters: never part of a name someone reads in the admin pages or the audit log. */
const UNREADABLE = /\p{C}/u;

const name = z
  .string({ message: 'must be a string' })
  .min(1, { message: 'must not be empty' })
  .max(200, { message: 'must be at most 200 characters' })
  .refine((v) => !UNREADABLE.test(v), { message: 'must not hold control characters such as line breaks' });

/** A 15-character Salesforce user id is stored in its 18-character form, so either form names the same agent. */
const crmUserId = z
  .string({ message: "must be the agent's CRM user id as a string, or null" })
  .regex(/^[A-Za-z0-9_-]{1,64}$/, { message: "must be the agent's CRM user id: 1 to 64 letters, digits, - or _" })
  .transform(canonicalCrmUserId)
  .nullable();

const role = z.enum(['agent', 'admin'], { message: 'must be "agent" or "admin"' });

const team = z
  .string({ message: 'must be the team name as a string, or null' })
  .min(1, { message: 'must not be empty; send null for no team' })
  .max(64, { message: 'must be at most 64 characters' })
  .refine((v) => !UNREADABLE.test(v) && v.trim() !== '', { message: 'must be printable text, not only spaces' })
  .nullable();

const callerId = z
  .string({ message: 'must be an E.164 number such as +14155552671, or null' })
  .refine((v) => /^\+[1-9]\d{1,14}$/.test(v) && isValidPhoneNumber(v), {
    message: 'must be a valid phone number in E.164 form, such as +14155552671',
  })
  .nullable();

/** A country an agent or the tenant policy may allow: an upper-case ISO alpha-2 code libphonenumber knows. */
export const countryCode = z
  .string({ message: 'must be a two-letter country code such as US' })
  .refine((v) => /^[A-Z]{2}$/.test(v) && isSupportedCountry(v), {
    message: 'must be an upper-case ISO 3166-1 alpha-2 code the phone-number library knows, such as US or GB',
  });

const allowedCountries = z
  .array(countryCode, { message: 'must be a list of country codes such as ["US", "CA"], or null for the tenant policy' })
  .min(1, { message: 'must list at least one country; send null to follow the tenant policy' })
  .max(250, { message: 'must list at most 250 countries' })
  .refine((list) => new Set(list).size === list.length, { message: 'must not list a country twice' })
  .nullable();

const limit = (max: number) =>
  z
    .number({ message: `must be a whole number from 1 to ${max}, or null for the tenant default` })
    .int({ message: `must be a whole number from 1 to ${max}` })
    .min(1, { message: `must be a whole number from 1 to ${max}` })
    .max(max, { message: `must be a whole number from 1 to ${max}` })
    .nullable();

const LIMITS = { callsPerMinute: limit(10_000), callsPerDay: limit(1_000_000), concurrentCalls: limit(100) };

/** An object schema that names the fields it does not know, and what a valid one looks like. */
function strict<S extends z.ZodRawShape>(shape: S, known: string) {
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `has fields the API does not know (${issue.keys.join(', ')}); send only ${known}`
        : `must be a JSON object with ${known}`,
  });
}

const LIMIT_FIELDS = 'callsPerMinute, callsPerDay, concurrentCalls';

/** The agent's call limits as given at creation: a limit left out follows the tenant default. */
const newLimits = strict(
  {
    callsPerMinute: LIMITS.callsPerMinute.default(null),
    callsPerDay: LIMITS.callsPerDay.default(null),
    concurrentCalls: LIMITS.concurrentCalls.default(null),
  },
  LIMIT_FIELDS,
);

/** Limits as a patch: only the limits given change. */
const limitsPatch = strict(
  {
    callsPerMinute: LIMITS.callsPerMinute.optional(),
    callsPerDay: LIMITS.callsPerDay.optional(),
    concurrentCalls: LIMITS.concurrentCalls.optional(),
  },
  LIMIT_FIELDS,
);

const PROFILE_FIELDS = 'name, crmUserId, role, team, callerId, allowedCountries, limits, disabled';

/** `POST /api/v1/admin/agents`: a new agent; every field but `id` and `name` has a default. */
export const newAgentBody = strict(
  {
    id: agentId,
    name,
    crmUserId: crmUserId.default(null),
    role: role.default('agent'),
    team: team.default(null),
    callerId: callerId.default(null),
    allowedCountries: allowedCountries.default(null),
    limits: newLimits.default({ callsPerMinute: null, callsPerDay: null, concurrentCalls: null }),
    disabled: z.boolean({ message: 'must be true or false' }).default(false),
    sip: sipAccountBody.nullable().default(null),
  },
  `id, name and optionally ${PROFILE_FIELDS.replace('name, ', '')}, sip`,
);

/** `PATCH /api/v1/admin/agents/{id}`: the profile fields to change, at least one. */
export const agentPatchBody = strict(
  {
    name: name.optional(),
    crmUserId: crmUserId.optional(),
    role: role.optional(),
    team: team.optional(),
    callerId: callerId.optional(),
    allowedCountries: allowedCountries.optional(),
    limits: limitsPatch.optional(),
    disabled: z.boolean({ message: 'must be true or false' }).optional(),
  },
  `some of ${PROFILE_FIELDS}`,
).refine((patch) => Object.values(patch).some((v) => v !== undefined), {
  message: `must change at least one of ${PROFILE_FIELDS}`,
});

export const agentParams = z.object({ id: agentId });
