import { z } from 'zod';
import { CRM_OBJECT_TYPES } from '../crm/crm-record.js';

export const objectType = z.enum(CRM_OBJECT_TYPES, { message: 'must be one of Contact, Lead, Account' });
export const recordId = z
  .string({ message: 'must be a string' })
  .regex(/^[A-Za-z0-9_-]{1,64}$/, { message: 'must be 1 to 64 letters, digits, - or _' });
/** Longer than any number with an extension; what the resolver refuses as too long still gets its own reason. */
const number = z
  .string({ message: 'must be a string holding the phone number or extension to dial' })
  .min(1, { message: 'must not be empty' })
  .max(200, { message: 'must be at most 200 characters' });

export const resolveBody = z
  .strictObject(
    {
      number,
      recordId: recordId.optional(),
      objectType: objectType.optional(),
      /**
       * `dial` (the default) right before placing the call: the connector then also applies the agent's call limits and
       * counts it. A client must say `display` to look a number up without dialling, so leaving it out never skips the
       * limits.
       */
      purpose: z.enum(['dial', 'display'], { message: 'must be "dial" (the agent is placing the call) or "display"' }).default('dial'),
    },
    {
      error: (issue) =>
        issue.code === 'unrecognized_keys'
          ? `has fields the API does not know (${issue.keys.join(', ')}); send only number, recordId, objectType and purpose`
          : 'must be a JSON object such as {"number": "+14155552671"}',
    },
  )
  .refine((b) => (b.recordId === undefined) === (b.objectType === undefined), {
    message: 'must give recordId and objectType together, or neither',
  });

export const recordParams = z.object({ objectType, id: recordId });

export const lookupQuery = z.object({
  number: z
    .string({ message: 'must be given once, as ?number=+14155552671' })
    .min(1, { message: 'must not be empty' })
    .max(200, { message: 'must be at most 200 characters' }),
});
