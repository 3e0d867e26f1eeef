import { z } from 'zod';
import { HOST_NAME, isSipWebSocketUrl, normaliseSipWebSocketUrl } from '../config/sip-address-rules.js';
import type { SipAccountInput } from '../services/agent-sip-accounts.js';

const CONTROL = /[\x00-\x1f\x7f]/;

/** User parts PBXs hand out (letters, digits, `+` for numbers); nothing that would need escaping in a SIP URI. */
const username = z
  .string({ message: 'must be the SIP user name as a string, such as 1001 or alice' })
  .regex(/^[A-Za-z0-9._~+-]{1,64}$/, { message: 'must be 1 to 64 letters, digits or ._~+-, such as 1001 or alice' });
const authUser = z
  .string({ message: 'must be the SIP authentication user as a string' })
  .regex(/^[A-Za-z0-9._~+@-]{1,128}$/, { message: 'must be 1 to 128 letters, digits or ._~+@-' });
const password = z
  .string({ message: 'must be the SIP password as a string' })
  .min(1, { message: 'must not be empty' })
  .max(256, { message: 'must be at most 256 characters' })
  .refine((v) => !CONTROL.test(v), { message: 'must not hold control characters such as line breaks' });
const domain = z
  .string({ message: 'must be a host name such as pbx.example.com' })
  .regex(HOST_NAME, { message: 'must be a bare host name such as pbx.example.com (no scheme, port, user or path)' })
  .transform((v) => v.toLowerCase());
const wsServer = z
  .string({ message: 'must be a WebSocket URL such as wss://sip.example.com:8443' })
  .refine(isSipWebSocketUrl, {
    message: 'must be a secure WebSocket URL such as wss://sip.example.com:8443 (ws:// only to 127.0.0.1, localhost or [::1])',
  })
  .transform(normaliseSipWebSocketUrl);
/** Shown in `From`: quotes, backslashes and angle brackets would need escaping there, so they are refused. */
const displayName = z
  .string({ message: 'must be text' })
  .min(1, { message: 'must not be empty; leave it out for none' })
  .max(100, { message: 'must be at most 100 characters' })
  .refine((v) => !CONTROL.test(v) && !/["\\<>]/.test(v), { message: 'must not hold control characters, quotes, backslashes or angle brackets' });

const optional = <T extends z.ZodType>(schema: T) => schema.nullable().default(null);

/**
 * An agent's SIP account as the admin API takes it: `kind` defaults to `password`, which needs `password`; an
 * `ephemeral` account must not have one. The password is write-only: it is sealed at once and no answer, log or error
 * ever holds it. Its strength is checked where it is sealed (`AgentSipAccounts.seal`), as a 422 rather than a 400.
 */
export const sipAccountBody = z
  .strictObject(
    {
      kind: z.enum(['password', 'ephemeral'], { message: 'must be "password" or "ephemeral"' }).default('password'),
      username,
      password: password.optional(),
      authUser: optional(authUser),
      domain: optional(domain),
      wsServer: optional(wsServer),
      displayName: optional(displayName),
    },
    {
      error: (issue) =>
        issue.code === 'unrecognized_keys'
          ? `has fields the API does not know (${issue.keys.join(', ')}); send username, password, and optionally kind, authUser, domain, wsServer, displayName`
          : 'must be a JSON object such as {"username": "1001", "password": "…"}',
    },
  )
  .superRefine((account, ctx) => {
    if (account.kind === 'password' && account.password === undefined) {
      ctx.addIssue({ code: 'custom', path: ['password'], message: 'must be the SIP password as a string' });
    }
    if (account.kind === 'ephemeral' && account.password !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['password'],
        message: 'must be left out for an ephemeral account: the connector mints its credentials',
      });
    }
  })
  .transform(({ password, ...fields }): SipAccountInput =>
    fields.kind === 'password' ? { ...fields, kind: 'password', password: password ?? '' } : { ...fields, kind: 'ephemeral', password: null },
  );

export const agentId = z
  .string({ message: 'must be a string' })
  .regex(/^[A-Za-z0-9._-]{1,64}$/, { message: 'must be 1 to 64 letters, digits, ., - or _' });
