import { isSupportedCountry } from 'libphonenumber-js/max';
import { z } from 'zod';
import { isSecureOrLoopback } from '../crm/secure-url.js';
import { decodeSecretsKey } from '../secrets/secrets-key-text.js';
import { DEFAULT_DISPOSITIONS } from '../services/softphone-settings.js';
import { HOST_NAME, isSipWebSocketUrl, normaliseSipWebSocketUrl } from './sip-address-rules.js';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const region = z
  .string()
  .regex(/^[A-Za-z]{2}$/, { message: 'must be a two-letter ISO country code such as US or GB' })
  .transform((v) => v.toUpperCase())
  .refine((v) => isSupportedCountry(v), { message: 'must be a country the phone-number library knows, such as US or GB' });

const hostName = z
  .string()
  .regex(HOST_NAME, {
    message: 'must be a bare host name such as pbx.example.com (no scheme, port, user or path)',
  });

const httpsUrl = (example: string) =>
  z
    .string()
    .url({ message: `must be a URL such as ${example}` })
    .refine((v) => isSecureOrLoopback(new URL(v)), {
      message: 'must start with https:// (plain http only to 127.0.0.1 or localhost, for a local stand-in)',
    })
    .transform((v) => v.replace(/\/+$/, ''));

const intIn = (min: number, max: number) =>
  z.coerce
    .number({ message: `must be a whole number from ${min} to ${max}` })
    .int({ message: `must be a whole number from ${min} to ${max}` })
    .min(min, { message: `must be a whole number from ${min} to ${max}` })
    .max(max, { message: `must be a whole number from ${min} to ${max}` });

const extensionLength = z
  .string()
  .regex(/^\d{1,2}-\d{1,2}$/, { message: 'must be a range of digits counts such as 2-5' })
  .transform((v) => {
    const [min, max] = v.split('-').map(Number) as [number, number];
    return { min, max };
  })
  .refine((r) => r.min >= 1 && r.min <= r.max && r.max <= 8, {
    message: 'must be a range such as 2-5 with 1 <= min <= max <= 8',
  });

const countryList = z
  .string()
  .regex(/^(\*|[A-Za-z]{2}(\s*,\s*[A-Za-z]{2})*)$/, {
    message: 'must be * (any country) or a comma-separated list of two-letter ISO codes such as US,CA,GB',
  })
  .transform((v) => (v === '*' ? null : v.split(',').map((c) => c.trim().toUpperCase())))
  .refine((list) => list === null || list.every((c) => isSupportedCountry(c)), {
    message: 'must list only countries the phone-number library knows, such as US,CA,GB',
  });

const sipWsUrl = z
  .string()
  .refine(isSipWebSocketUrl, {
    message: 'must be a secure WebSocket URL such as wss://sip.example.com:8443 (ws:// only to 127.0.0.1, localhost or [::1])',
  })
  .transform(normaliseSipWebSocketUrl);

/** STUN and TURN URLs as RFC 7064 and RFC 7065 write them: `stun:host[:port]`, `turn(s):host[:port][?transport=udp|tcp]`. */
const iceServerUrl = /^(stun:(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?|turns?:(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?(\?transport=(udp|tcp))?)$/;
const iceServers = z
  .string()
  .transform((v) => v.split(',').map((u) => u.trim()).filter(Boolean))
  .refine((urls) => urls.every((u) => iceServerUrl.test(u)), {
    message: 'must be a comma-separated list of stun:, turn: or turns: URLs such as stun:stun.example.com:3478,turns:turn.example.com:5349',
  });

/** A web origin a CRM page runs on: `https://host[:port]` exactly (plain http only on loopback, for local stand-ins). */
function isWebOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return url.origin === value && isSecureOrLoopback(url);
  } catch {
    return false;
  }
}

const origins = z
  .string()
  .transform((v) => v.split(',').map((o) => o.trim()).filter(Boolean))
  .refine((list) => list.every(isWebOrigin), {
    message: 'must be a comma-separated list of origins such as https://acme.lightning.force.com (scheme and host, no path, no trailing slash, no *)',
  });

/** What an agent may pick in the wrap-up form; the call event API takes dispositions up to 255 characters. */
const dispositions = z
  .string()
  .transform((v) => v.split(',').map((d) => d.trim()).filter(Boolean))
  .refine((list) => list.length >= 1 && list.length <= 50 && list.every((d) => d.length <= 255 && !/[\x00-\x1f\x7f]/.test(d)), {
    message: 'must be a comma-separated list of 1 to 50 dispositions, each at most 255 characters',
  })
  .refine((list) => new Set(list.map((d) => d.toLowerCase())).size === list.length, { message: 'must not list a disposition twice' });

/**
 * Every setting the connector reads, by environment variable name. The README's configuration table documents the
 * same names and defaults; `test/config` checks that the two agree.
 */
export const configSchema = z.object({
  PORT: intIn(0, 65535).default(3000),
  HOST: z.string().min(1, { message: 'must be an address to listen on such as 127.0.0.1 or 0.0.0.0' }).default('127.0.0.1'),
  // CRMs send agents' sign-in codes back to it, so it is https outside local development.
  PUBLIC_URL: httpsUrl('https://cti.example.com').optional(),
  DATA_DIR: z.string().min(1, { message: 'must be a folder path' }).default('./data'),
  // Several instances share one PostgreSQL; unset, the embedded SQLite store in DATA_DIR serves one instance.
  DATABASE_URL: z
    .string()
    .refine(isPostgresUrl, { message: 'must be a PostgreSQL URL such as postgres://cti:secret@db.example.com:5432/cti' })
    .optional(),
  DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, { message: 'must be a PostgreSQL schema name: lower-case letters, digits and _, such as cti' })
    .default('public'),
  DATABASE_POOL_SIZE: intIn(2, 100).default(10),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      message: 'must be one of fatal, error, warn, info, debug, trace, silent',
    })
    .default('info'),
  BODY_LIMIT_KB: intIn(1, 10240).default(100),
  SHUTDOWN_TIMEOUT_MS: intIn(0, 120000).default(10000),
  CRM: z.enum(['demo', 'salesforce', 'hubspot'], { message: 'must be demo, salesforce or hubspot' }).default('demo'),
  CRM_TIMEOUT_MS: intIn(100, 120000).default(10000),

  ADMIN_TOKEN: z
    .string()
    .regex(/^[A-Za-z0-9._~+/=-]{32,512}$/, {
      message: 'must be 32 to 512 letters, digits or ._~+/=- (generate one with: openssl rand -base64 32)',
    })
    .optional(),
  SECRETS_KEY: z
    .string()
    .refine((v) => decodeSecretsKey(v) !== null, {
      message: 'must be 32 random bytes in base64, 44 characters (generate it with: openssl rand -base64 32)',
    })
    .optional(),
  SECRETS_PREVIOUS_KEYS: z
    .string()
    .transform((v) => v.split(',').map((k) => k.trim()).filter(Boolean))
    .refine((keys) => keys.every((k) => decodeSecretsKey(k) !== null), {
      message: 'must be a comma-separated list of former SECRETS_KEY values (each 32 bytes in base64)',
    })
    .default([]),
  SESSION_TTL_S: intIn(60, 86400).default(900),
  SESSION_MAX_AGE_S: intIn(300, 604800).default(43200),
  SIP_EPHEMERAL_SECRET: z
    .string()
    .min(16, { message: "must be the SIP server's autheph shared secret, at least 16 characters" })
    .max(256, { message: 'must be at most 256 characters' })
    .optional(),
  CALLS_PER_MINUTE: intIn(1, 10000).default(10),
  CALLS_PER_DAY: intIn(1, 1000000).default(1000),
  CONCURRENT_CALLS: intIn(1, 100).default(3),
  RATE_LIMIT_SIGN_IN: intIn(1, 100000).default(20),
  RATE_LIMIT_API: intIn(1, 1000000).default(600),
  TRUST_PROXY: intIn(0, 10).default(0),
  OUTBOX_FLUSH_MS: intIn(10, 60000).default(500),
  OUTBOX_BATCH_SIZE: intIn(1, 200).default(200),
  OUTBOX_LEASE_MS: intIn(5000, 600000).default(30000),
  WRAPUP_HOLD_S: intIn(0, 1800).default(120),
  HEARTBEAT_TIMEOUT_MS: intIn(5000, 3600000).default(90000),
  RETRY_BASE_MS: intIn(10, 600000).default(1000),
  RETRY_MAX_MS: intIn(10, 86400000).default(300000),
  RETRY_MAX_ATTEMPTS: intIn(1, 1000).default(20),
  BREAKER_THRESHOLD: intIn(1, 1000).default(5),
  BREAKER_COOLDOWN_MS: intIn(100, 3600000).default(30000),

  SIP_DOMAIN: hostName.default('pbx.demo.test'),
  SIP_WS_URL: sipWsUrl.optional(),
  ICE_SERVERS: iceServers.default([]),
  CRM_ORIGINS: origins.default([]),
  WRAPUP_DISPOSITIONS: dispositions.default(() => [...DEFAULT_DISPOSITIONS]),
  SIP_USER_PHONE: bool.default(true),
  SIP_OUTBOUND_PREFIX: z
    .string()
    .regex(/^\d{0,8}$/, { message: 'must be up to 8 digits, or empty for none' })
    .default(''),
  INTERNAL_EXTENSION_LENGTH: extensionLength.default({ min: 2, max: 5 }),
  DEFAULT_REGION: region.default('US'),
  ALLOWED_COUNTRIES: countryList.default(null),
  BLOCK_PREMIUM_RATE: bool.default(true),
  BLOCK_SHARED_COST: bool.default(true),

  SF_LOGIN_URL: httpsUrl('https://login.salesforce.com').default('https://login.salesforce.com'),
  SF_API_VERSION: z
    .string()
    .regex(/^\d{2,3}\.0$/, { message: 'must be a Salesforce API version such as 62.0' })
    .default('62.0'),
  SF_CLIENT_ID: z.string().min(1, { message: 'must be the connected app consumer key' }).optional(),
  SF_USERNAME: z.string().email({ message: 'must be the integration user name, such as cti@example.com' }).optional(),
  SF_PRIVATE_KEY_FILE: z.string().min(1, { message: 'must be the path of the PEM private key' }).optional(),
  SF_REFRESH_TOKEN: z.string().min(1, { message: 'must be a refresh token' }).optional(),
  SF_CLIENT_SECRET: z.string().min(1, { message: 'must be the connected app consumer secret' }).optional(),
  SF_CALL_ID_FIELD: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9_]*__c$/, { message: 'must be the API name of a custom field such as CTI_Call_Id__c' })
    .default('CTI_Call_Id__c'),

  HUBSPOT_API_BASE_URL: httpsUrl('https://api.hubapi.com').default('https://api.hubapi.com'),
  HUBSPOT_ACCESS_TOKEN: z.string().min(1, { message: 'must be a private app access token' }).optional(),
  HUBSPOT_CLIENT_ID: z.string().min(1, { message: "must be the app's client id" }).optional(),
  HUBSPOT_CLIENT_SECRET: z.string().min(1, { message: "must be the app's client secret" }).optional(),
  HUBSPOT_REFRESH_TOKEN: z.string().min(1, { message: "must be the portal's refresh token" }).optional(),
  HUBSPOT_CALL_ID_PROPERTY: z
    .string()
    .regex(/^[a-z][a-z0-9_]*$/, { message: 'must be the internal name of a calls property such as cti_call_id' })
    .default('cti_call_id'),
  HUBSPOT_DNC_PROPERTY: z
    .string()
    .regex(/^[a-z][a-z0-9_]*$/, { message: 'must be the internal name of a contact checkbox property' })
    .optional(),
});

export type RawConfig = z.infer<typeof configSchema>;

function isPostgresUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'postgres:' || url.protocol === 'postgresql:') && url.hostname !== '' && url.pathname.length > 1;
  } catch {
    return false;
  }
}
