import type { CallLog, CallLogOutcome } from './call-log.js';
import type { CrmMatch, CrmObjectType, CrmRecord } from './crm-record.js';

/**
 * The one seam between the connector and a CRM. One implementation per CRM, in its own folder.
 *
 * Contract, for every implementation:
 * - Each verb takes one named-object argument and returns the shapes in `crm-record.ts`; nothing CRM-specific leaks.
 * - Failures MUST be thrown as `CrmError`; an adapter MUST NOT throw raw HTTP or driver errors.
 * - A record that does not exist MUST resolve to `null` from `getRecord`, not throw.
 * - An adapter MUST NOT log secrets (tokens, passwords, private keys), and MUST refresh its own access token once on
 *   an expired session before giving up with `auth`.
 * - `findByPhone` MUST return only records that hold the number (compare normalised numbers, not substrings).
 */
export interface CrmAdapter {
  /** Stable identifier: `demo`, `salesforce`, `hubspot`. */
  readonly name: string;
  /** One record with its phone fields, or null when it does not exist. */
  getRecord(args: { objectType: CrmObjectType; id: string }): Promise<CrmRecord | null>;
  /**
   * Records holding a number, for screen pop. `e164` is the caller's number; `nationalDigits` (e.g. `4155552671`)
   * helps CRMs that search stored text, where numbers are rarely in E.164.
   */
  findByPhone(args: { e164: string; nationalDigits: string }): Promise<CrmMatch[]>;
  /** The most logs `upsertCallLogs` takes in one call (one CRM request): Salesforce 200, HubSpot 100. */
  readonly maxBatchSize: number;
  /**
   * Creates or updates one activity per log, keyed by `callId` (idempotent: the same log twice leaves one activity).
   * Returns one outcome per log, in any order. A failure of the whole request (auth after one refresh, rate limit,
   * outage, timeout) MUST be thrown as `CrmError`, so the caller retries the whole batch; per-item failures MUST be
   * returned as `retry` or `rejected` outcomes. MUST NOT be given more than `maxBatchSize` logs.
   */
  upsertCallLogs(args: { logs: readonly CallLog[] }): Promise<CallLogOutcome[]>;
  /** Resolves when the CRM answers an authenticated request; throws `CrmError` otherwise. Used by `/readyz`. */
  ping(): Promise<void>;
  /** Releases connections and timers. */
  close(): Promise<void>;
}

const REQUIRED_VERBS = ['getRecord', 'findByPhone', 'upsertCallLogs', 'ping', 'close'] as const;

/** Fails fast at start-up when an adapter misses a verb, instead of at the first agent's click. */
export function assertCrmAdapter(candidate: unknown): asserts candidate is CrmAdapter {
  const obj = candidate as Record<string, unknown> | null;
  if (obj === null || typeof obj !== 'object' || typeof obj.name !== 'string' || obj.name === '') {
    throw new TypeError('CRM adapter must be an object with a non-empty name');
  }
  const missing = REQUIRED_VERBS.filter((verb) => typeof obj[verb] !== 'function');
  if (missing.length > 0) {
    throw new TypeError(`CRM adapter "${obj.name}" is missing: ${missing.join(', ')}`);
  }
}
