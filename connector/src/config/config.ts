import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { CallPolicy } from '../domain/call-policy.js';
import type { DialPlan } from '../domain/dial-plan.js';
import type { HubSpotSettings } from '../crm/hubspot/hubspot-adapter.js';
import type { SalesforceSettings } from '../crm/salesforce/salesforce-adapter.js';
import type { OutboxWorkerOptions } from '../outbox/outbox-worker.js';
import { heartbeatIntervalS, type SoftphoneSettings } from '../services/softphone-settings.js';
import { configSchema, type RawConfig } from './config-schema.js';

/** The connector's settings, parsed once at start and frozen. Only `main.ts` builds it; everything else is given it. */
export interface Config {
  readonly port: number;
  readonly host: string;
  readonly publicUrl: string | null;
  readonly dataDir: string;
  /**
   * `DATABASE_URL`: the PostgreSQL that several instances share, or null for the embedded SQLite store in `dataDir`.
   * Never logged (it may hold a password).
   */
  readonly databaseUrl: string | null;
  /** `DATABASE_SCHEMA`: the PostgreSQL schema the store's tables and its push channel live in (created when missing). */
  readonly databaseSchema: string;
  /** `DATABASE_POOL_SIZE`: connections each instance keeps to PostgreSQL for its queries (the push channel adds one). */
  readonly databasePoolSize: number;
  readonly logLevel: RawConfig['LOG_LEVEL'];
  readonly bodyLimitBytes: number;
  readonly shutdownTimeoutMs: number;
  readonly crm:
    | { readonly kind: 'demo' }
    | { readonly kind: 'salesforce'; readonly settings: SalesforceSettings }
    | { readonly kind: 'hubspot'; readonly settings: HubSpotSettings };
  readonly dialPlan: DialPlan;
  readonly callPolicy: CallPolicy;
  readonly adminToken: string | null;
  readonly outbox: OutboxWorkerOptions;
  /** `SECRETS_KEY` as given (base64 of 32 bytes), or null to use the key file in `dataDir`. Never logged. */
  readonly secretsKey: string | null;
  readonly softphone: SoftphoneSettings;
  /**
   * The widget page may load Open CTI from a loopback Salesforce: true only when the connector itself talks to a
   * Salesforce stand-in on loopback (`CRM=salesforce` with a loopback `SF_LOGIN_URL`), a developer's or a test's setup.
   */
  readonly loopbackSalesforce: boolean;
  /**
   * The CRM's web origins (`CRM_ORIGINS`, plus HubSpot's own app origins with `CRM=hubspot`): the only pages that may
   * frame the widget (CSP `frame-ancestors`) and call the agent API cross-origin (CORS).
   */
  readonly crmOrigins: readonly string[];
  /** Agent session tokens: each lives `ttlS`, and refreshing stops `maxAgeS` after the sign-in. */
  readonly sessions: { readonly ttlS: number; readonly maxAgeS: number };
  /** Former `SECRETS_KEY` values (base64), still read during a key rotation. Never logged. */
  readonly previousSecretsKeys: readonly string[];
  /** The SIP server's `autheph` shared secret; null when no agent may use ephemeral credentials. Never logged. */
  readonly ephemeralSipSecret: string | null;
  /** The tenant's call limits, per agent; an agent's own limits override them. */
  readonly callLimits: { readonly callsPerMinute: number; readonly callsPerDay: number; readonly concurrentCalls: number };
  /** Requests per minute: sign-in attempts per client IP, and agent API requests per agent (and per IP). */
  readonly rateLimits: { readonly signInPerMinute: number; readonly apiPerMinute: number };
  /** Proxies in front of the connector whose `X-Forwarded-For` is believed (Express `trust proxy`); 0 for none. */
  readonly trustProxy: number;
  /** The CRM sign-ins the connector offers agents; null where it lacks what the sign-in needs. */
  readonly signIn: {
    readonly salesforce: { readonly loginUrl: string; readonly clientId: string; readonly clientSecret: string | null } | null;
    readonly hubspot: { readonly clientId: string; readonly clientSecret: string; readonly apiBaseUrl: string } | null;
  };
}

/** Where HubSpot shows its calling extensions: the widget is framed by these with `CRM=hubspot`. */
export const HUBSPOT_APP_ORIGINS: readonly string[] = ['https://app.hubspot.com', 'https://app-eu1.hubspot.com'];

/** A setting is wrong or missing. `message` is one line naming the setting and what it must be. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Settings whose values must never be echoed back, even in an error. */
const SECRET_SETTINGS = new Set([
  'SF_REFRESH_TOKEN',
  'SF_CLIENT_SECRET',
  'ADMIN_TOKEN',
  'SECRETS_KEY',
  'HUBSPOT_ACCESS_TOKEN',
  'HUBSPOT_CLIENT_SECRET',
  'HUBSPOT_REFRESH_TOKEN',
  'SECRETS_PREVIOUS_KEYS',
  'SIP_EPHEMERAL_SECRET',
  'DATABASE_URL',
]);

/**
 * Parses the environment (passed in, so tests need not touch `process.env`). Empty values count as unset, as a
 * `.env` file or a container template often leaves them.
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const present: Record<string, string> = {};
  for (const key of Object.keys(configSchema.shape)) {
    const value = env[key];
    if (value !== undefined && value.trim() !== '') present[key] = value.trim();
  }
  const parsed = configSchema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0]);
    const got = SECRET_SETTINGS.has(name) || present[name] === undefined ? '' : ` (got "${present[name]}")`;
    throw new ConfigError(`Invalid configuration: ${name} ${issue.message}${got}`);
  }
  // Every instance on a shared database must open the same sealed SIP passwords and accept the same sessions: a key
  // file created in each instance's own DATA_DIR would differ.
  if (parsed.data.DATABASE_URL !== undefined && parsed.data.SECRETS_KEY === undefined) {
    throw new ConfigError('Invalid configuration: SECRETS_KEY must be set with DATABASE_URL, the same on every instance (generate it once with: openssl rand -base64 32)');
  }
  // A request that could outlast the claim on the logs it carries could race another instance's send of a newer version.
  if (parsed.data.CRM_TIMEOUT_MS * 2 > parsed.data.OUTBOX_LEASE_MS) {
    throw new ConfigError(
      `Invalid configuration: CRM_TIMEOUT_MS (${parsed.data.CRM_TIMEOUT_MS}) must be at most half of OUTBOX_LEASE_MS (${parsed.data.OUTBOX_LEASE_MS}), so one CRM request always ends well within the lease on the call logs it sends`,
    );
  }
  return deepFreeze(toConfig(parsed.data));
}

function toConfig(raw: RawConfig): Config {
  return {
    port: raw.PORT,
    host: raw.HOST,
    publicUrl: raw.PUBLIC_URL ?? null,
    dataDir: path.resolve(raw.DATA_DIR),
    databaseUrl: raw.DATABASE_URL ?? null,
    databaseSchema: raw.DATABASE_SCHEMA,
    databasePoolSize: raw.DATABASE_POOL_SIZE,
    logLevel: raw.LOG_LEVEL,
    bodyLimitBytes: raw.BODY_LIMIT_KB * 1024,
    shutdownTimeoutMs: raw.SHUTDOWN_TIMEOUT_MS,
    crm: crmConfig(raw),
    dialPlan: {
      sipDomain: raw.SIP_DOMAIN.toLowerCase(),
      defaultRegion: raw.DEFAULT_REGION as DialPlan['defaultRegion'],
      userPhone: raw.SIP_USER_PHONE,
      outboundPrefix: raw.SIP_OUTBOUND_PREFIX,
      internalExtensionLength: raw.INTERNAL_EXTENSION_LENGTH,
    },
    callPolicy: {
      allowedCountries: raw.ALLOWED_COUNTRIES,
      blockPremiumRate: raw.BLOCK_PREMIUM_RATE,
      blockSharedCost: raw.BLOCK_SHARED_COST,
    },
    adminToken: raw.ADMIN_TOKEN ?? null,
    outbox: {
      flushWindowMs: raw.OUTBOX_FLUSH_MS,
      batchSize: raw.OUTBOX_BATCH_SIZE,
      leaseMs: raw.OUTBOX_LEASE_MS,
      wrapUpHoldMs: raw.WRAPUP_HOLD_S * 1000,
      crmTimeoutMs: raw.CRM_TIMEOUT_MS,
      heartbeatTimeoutMs: raw.HEARTBEAT_TIMEOUT_MS,
      retryBaseMs: raw.RETRY_BASE_MS,
      retryMaxMs: Math.max(raw.RETRY_MAX_MS, raw.RETRY_BASE_MS),
      maxAttempts: raw.RETRY_MAX_ATTEMPTS,
      breakerThreshold: raw.BREAKER_THRESHOLD,
      breakerCooldownMs: raw.BREAKER_COOLDOWN_MS,
    },
    secretsKey: raw.SECRETS_KEY ?? null,
    softphone: {
      sipDomain: raw.SIP_DOMAIN.toLowerCase(),
      wsServer: raw.SIP_WS_URL ?? null,
      iceServers: raw.ICE_SERVERS.map((urls) => ({ urls })),
      heartbeatIntervalS: heartbeatIntervalS(raw.HEARTBEAT_TIMEOUT_MS),
      dispositions: raw.WRAPUP_DISPOSITIONS,
    },
    loopbackSalesforce: raw.CRM === 'salesforce' && !isHttps(raw.SF_LOGIN_URL),
    crmOrigins: [...new Set([...(raw.CRM === 'hubspot' ? HUBSPOT_APP_ORIGINS : []), ...raw.CRM_ORIGINS])],
    sessions: { ttlS: Math.min(raw.SESSION_TTL_S, raw.SESSION_MAX_AGE_S), maxAgeS: raw.SESSION_MAX_AGE_S },
    previousSecretsKeys: raw.SECRETS_PREVIOUS_KEYS,
    ephemeralSipSecret: raw.SIP_EPHEMERAL_SECRET ?? null,
    callLimits: { callsPerMinute: raw.CALLS_PER_MINUTE, callsPerDay: raw.CALLS_PER_DAY, concurrentCalls: raw.CONCURRENT_CALLS },
    rateLimits: { signInPerMinute: raw.RATE_LIMIT_SIGN_IN, apiPerMinute: raw.RATE_LIMIT_API },
    trustProxy: raw.TRUST_PROXY,
    signIn: {
      salesforce: raw.SF_CLIENT_ID ? { loginUrl: raw.SF_LOGIN_URL, clientId: raw.SF_CLIENT_ID, clientSecret: raw.SF_CLIENT_SECRET ?? null } : null,
      hubspot:
        raw.HUBSPOT_CLIENT_ID && raw.HUBSPOT_CLIENT_SECRET
          ? { clientId: raw.HUBSPOT_CLIENT_ID, clientSecret: raw.HUBSPOT_CLIENT_SECRET, apiBaseUrl: raw.HUBSPOT_API_BASE_URL }
          : null,
    },
  };
}

/** `SF_LOGIN_URL` is https, or else (the schema allows nothing more) plain http to a loopback host. */
function isHttps(url: string): boolean {
  return new URL(url).protocol === 'https:';
}

function crmConfig(raw: RawConfig): Config['crm'] {
  switch (raw.CRM) {
    case 'salesforce':
      return { kind: 'salesforce', settings: salesforceSettings(raw) };
    case 'hubspot':
      return { kind: 'hubspot', settings: hubspotSettings(raw) };
    case 'demo':
      return { kind: 'demo' };
  }
}

function hubspotSettings(raw: RawConfig): HubSpotSettings {
  const common = {
    apiBaseUrl: raw.HUBSPOT_API_BASE_URL,
    callIdProperty: raw.HUBSPOT_CALL_ID_PROPERTY,
    timeoutMs: raw.CRM_TIMEOUT_MS,
    doNotCallProperty: raw.HUBSPOT_DNC_PROPERTY ?? null,
  };
  // A private app token may sit beside the app's client id and secret (they then serve only the agents' sign-in),
  // but not beside a refresh token: the connector would not know which to log calls with.
  if (raw.HUBSPOT_ACCESS_TOKEN && raw.HUBSPOT_REFRESH_TOKEN) {
    throw new ConfigError('Invalid configuration: HUBSPOT_ACCESS_TOKEN must not be set together with HUBSPOT_REFRESH_TOKEN; choose one');
  }
  if (raw.HUBSPOT_ACCESS_TOKEN) return { ...common, auth: { kind: 'private-app', accessToken: raw.HUBSPOT_ACCESS_TOKEN } };
  if (raw.HUBSPOT_CLIENT_ID && raw.HUBSPOT_CLIENT_SECRET && raw.HUBSPOT_REFRESH_TOKEN) {
    return {
      ...common,
      auth: { kind: 'oauth', clientId: raw.HUBSPOT_CLIENT_ID, clientSecret: raw.HUBSPOT_CLIENT_SECRET, refreshToken: raw.HUBSPOT_REFRESH_TOKEN },
    };
  }
  throw new ConfigError(
    'Invalid configuration: CRM=hubspot needs HUBSPOT_ACCESS_TOKEN (private app) or all of HUBSPOT_CLIENT_ID, HUBSPOT_CLIENT_SECRET and HUBSPOT_REFRESH_TOKEN (OAuth)',
  );
}

function salesforceSettings(raw: RawConfig): SalesforceSettings {
  if (!raw.SF_CLIENT_ID) {
    throw new ConfigError('Invalid configuration: SF_CLIENT_ID must be set when CRM=salesforce (the connected app consumer key)');
  }
  const common = {
    loginUrl: raw.SF_LOGIN_URL,
    apiVersion: raw.SF_API_VERSION,
    clientId: raw.SF_CLIENT_ID,
    callIdField: raw.SF_CALL_ID_FIELD,
  };
  if (raw.SF_PRIVATE_KEY_FILE || raw.SF_USERNAME) {
    if (!raw.SF_USERNAME) {
      throw new ConfigError('Invalid configuration: SF_USERNAME must be set with SF_PRIVATE_KEY_FILE (JWT bearer flow)');
    }
    if (!raw.SF_PRIVATE_KEY_FILE) {
      throw new ConfigError('Invalid configuration: SF_PRIVATE_KEY_FILE must be set with SF_USERNAME (JWT bearer flow)');
    }
    return {
      ...common,
      timeoutMs: raw.CRM_TIMEOUT_MS,
      auth: { flow: 'jwt', username: raw.SF_USERNAME, privateKeyPem: readPrivateKey(raw.SF_PRIVATE_KEY_FILE) },
    };
  }
  if (raw.SF_REFRESH_TOKEN) {
    return {
      ...common,
      timeoutMs: raw.CRM_TIMEOUT_MS,
      auth: { flow: 'refresh-token', refreshToken: raw.SF_REFRESH_TOKEN, clientSecret: raw.SF_CLIENT_SECRET ?? null },
    };
  }
  throw new ConfigError(
    'Invalid configuration: CRM=salesforce needs SF_USERNAME with SF_PRIVATE_KEY_FILE (JWT bearer flow) or SF_REFRESH_TOKEN (refresh-token flow)',
  );
}

function readPrivateKey(file: string): string {
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch {
    throw new ConfigError(`Invalid configuration: SF_PRIVATE_KEY_FILE must be a readable file (cannot read "${file}")`);
  }
  // Salesforce's own guide produces a PKCS#1 key (`openssl genrsa`); the JWT signer wants PKCS#8.
  try {
    return createPrivateKey(pem).export({ type: 'pkcs8', format: 'pem' }).toString();
  } catch {
    throw new ConfigError(`Invalid configuration: SF_PRIVATE_KEY_FILE must hold an unencrypted PEM private key ("${file}" does not)`);
  }
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
