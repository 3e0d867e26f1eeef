import type { CallLogOutcome } from '../call-log.js';
import { CrmError } from '../crm-error.js';
import type { HubSpotApiClient } from './hubspot-api-client.js';
import { attributedKeys, errorText, malformed, readBatchErrors } from './hubspot-batch-answer.js';

/** A stored call to attach to the record it concerns. */
export interface CallLink {
  readonly callId: string;
  /** The HubSpot id of the call. */
  readonly callObjectId: string;
  readonly objectType: 'Contact' | 'Account';
  readonly recordId: string;
}

/** HubSpot-defined association types from calls: call to contact 194, call to company 182. */
const TARGETS = {
  Contact: { path: 'contacts', associationTypeId: 194 },
  Account: { path: 'companies', associationTypeId: 182 },
} as const;

const REJECTING = new Set(['VALIDATION_ERROR', 'OBJECT_NOT_FOUND']);

/**
 * Attaches calls to their contact or company. The calls batch upsert takes no `associations` (only batch create
 * does), so this follows it with at most one `POST /crm/v4/associations/calls/{contacts|companies}/batch/create` per
 * target type, `{inputs: [{from: {id}, to: {id}, types: [{associationCategory: 'HUBSPOT_DEFINED',
 * associationTypeId}]}]}`. Creating an association that exists is a no-op, so a retried batch is safe.
 *
 * Returns an outcome only for links that did not succeed (absent = attached): HubSpot confirms each pair in
 * `results: [{fromObjectId, toObjectId, ...}]`; an unconfirmed link is `retry` (`ASSOCIATION_NOT_CONFIRMED`), or
 * `rejected` (`ASSOCIATION_REJECTED`) when an error naming it says the record is gone or invalid, or when HubSpot
 * refuses the whole request with a 4xx. A whole request that fails otherwise (auth, rate limit, outage, timeout,
 * unreadable answer) is thrown: the batch is retried, which re-upserts the same calls and associates them again.
 */
export async function associateCalls(api: HubSpotApiClient, links: readonly CallLink[]): Promise<Map<string, CallLogOutcome>> {
  const outcomes = new Map<string, CallLogOutcome>();
  for (const objectType of ['Contact', 'Account'] as const) {
    const group = links.filter((link) => link.objectType === objectType);
    if (group.length === 0) continue;
    const { path, associationTypeId } = TARGETS[objectType];
    const inputs = group.map((link) => ({
      from: { id: link.callObjectId },
      to: { id: link.recordId },
      types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId }],
    }));
    let body: unknown;
    try {
      ({ body } = await api.send({ method: 'POST', path: `/crm/v4/associations/calls/${path}/batch/create`, body: { inputs } }, 'associateCalls'));
    } catch (error) {
      if (!(error instanceof CrmError) || (error.kind !== 'bad-request' && error.kind !== 'not-found')) throw error;
      for (const link of group) outcomes.set(link.callId, refused(link, error.message));
      continue;
    }
    const confirmed = confirmedPairs(body);
    const errors = readBatchErrors(body);
    for (const link of group) {
      if (confirmed.has(`${link.callObjectId}>${link.recordId}`)) continue;
      const named = errors.find((error) => attributedKeys(error, [link.callObjectId, link.recordId]).length > 0);
      outcomes.set(
        link.callId,
        named && REJECTING.has(named.category)
          ? refused(link, errorText(named))
          : {
              callId: link.callId,
              outcome: 'retry',
              error: { code: 'ASSOCIATION_NOT_CONFIRMED', message: named ? errorText(named) : `HubSpot did not confirm the call is on the ${objectType.toLowerCase()}` },
            },
      );
    }
  }
  return outcomes;
}

function confirmedPairs(body: unknown): Set<string> {
  const results = (body as Record<string, unknown>).results;
  if (!Array.isArray(results)) throw malformed('associations', 'has no results list');
  const pairs = new Set<string>();
  for (const raw of results) {
    const item = raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
    const from = item.fromObjectId;
    const to = item.toObjectId;
    if ((typeof from === 'string' || typeof from === 'number') && (typeof to === 'string' || typeof to === 'number')) {
      pairs.add(`${String(from)}>${String(to)}`);
    }
  }
  return pairs;
}

function refused(link: CallLink, reason: string): CallLogOutcome {
  const message = `Call ${link.callObjectId} is logged but HubSpot would not attach it to ${link.objectType} ${link.recordId}: ${reason}`;
  return { callId: link.callId, outcome: 'rejected', error: { code: 'ASSOCIATION_REJECTED', message } };
}
