import { z } from 'zod';
import { objectType, recordId } from './request-schemas.js';

/** Widget clocks drift; a timestamp further than this from the connector's is a bug, not a call. */
const MAX_CLOCK_SKEW_MS = 24 * 60 * 60 * 1000;

const id = (what: string) =>
  z.string({ message: `must be the ${what} as a string` }).regex(/^[\x21-\x7e]{1,200}$/, {
    message: `must be the ${what}: 1 to 200 visible ASCII characters`,
  });
const party = z
  .string({ message: 'must be a number or SIP URI' })
  .min(1, { message: 'must not be empty' })
  .max(300, { message: 'must be at most 300 characters' });
const occurredAt = z
  .string({ message: 'must be an ISO 8601 time such as 2026-11-23T10:15:30.250Z' })
  .datetime({ offset: true, message: 'must be an ISO 8601 time such as 2026-11-23T10:15:30.250Z' })
  .refine((v) => Math.abs(Date.parse(v) - Date.now()) <= MAX_CLOCK_SKEW_MS, {
    message: "is more than a day away from the connector's clock; check the computer's time",
  })
  .transform((v) => new Date(v).toISOString());
const record = z
  .strictObject({ objectType, id: recordId })
  .nullable()
  .default(null);
const text = (max: number) =>
  z.string({ message: 'must be text' }).max(max, { message: `must be at most ${max} characters` }).nullable().default(null);

const base = { eventId: id('event id (a UUID)'), callId: id('SIP Call-ID'), occurredAt };

/** One event as a widget posts it. `agentId` is not accepted: it comes from the token. */
export const callEventBody = z.discriminatedUnion(
  'type',
  [
    z.strictObject({ ...base, type: z.literal('dialing'), direction: z.enum(['inbound', 'outbound']), from: party, to: party, record }),
    z.strictObject({ ...base, type: z.literal('ringing'), direction: z.enum(['inbound', 'outbound']), from: party, to: party, record }),
    z.strictObject({ ...base, type: z.literal('answered') }),
    z.strictObject({ ...base, type: z.literal('held') }),
    z.strictObject({ ...base, type: z.literal('resumed') }),
    z.strictObject({ ...base, type: z.literal('heartbeat') }),
    z.strictObject({ ...base, type: z.literal('transferred'), target: party, mode: z.enum(['blind', 'attended']) }),
    z.strictObject({
      ...base,
      type: z.literal('ended'),
      cause: z.enum(['hangup', 'cancelled', 'busy', 'no-answer', 'declined', 'failed'], {
        message: 'must be one of hangup, cancelled, busy, no-answer, declined, failed',
      }),
      sipStatus: z.number().int().min(100).max(699).nullable().default(null),
      hungUpBy: z.enum(['agent', 'remote', 'system']).nullable().default(null),
      wrapUp: z.boolean({ message: 'must be true or false' }).default(false),
    }),
    z.strictObject({ ...base, type: z.literal('wrapup'), disposition: text(255), notes: text(32000) }),
  ],
  { message: 'must have a type: dialing, ringing, answered, held, resumed, transferred, ended, wrapup or heartbeat' },
);

const callEventList = z
  .array(callEventBody, { message: 'must be a list of call events' })
  .min(1, { message: 'must hold at least one event' })
  .max(200, { message: 'must hold at most 200 events; send the rest in another request' });

export const callEventsBody = z.strictObject({ events: callEventList });

/** `POST /calls/events/beacon`: the same events, with the agent token in the body since a beacon cannot send headers. */
export const callEventsBeaconBody = z.strictObject({ token: z.string(), events: callEventList });
