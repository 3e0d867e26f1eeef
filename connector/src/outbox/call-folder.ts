import type { Logger } from 'pino';
import type { CallLog } from '../crm/call-log.js';
import { callLogFromRecord } from '../domain/call-log-from-record.js';
import { foldCallEvents } from '../domain/fold-call-events.js';
import { awaitsWrapUp } from '../domain/wrap-up-pending.js';
import type { Store } from '../store/store.js';

/** Calls claimed at once: enough to spread a claim's cost, few enough that the worker sends logs between batches. */
export const FOLD_BATCH = 500;

/** How long a fold claim holds its calls when the caller names no lease: `OUTBOX_LEASE_MS`'s default. */
const DEFAULT_FOLD_LEASE_MS = 30_000;

export interface FoldDeps {
  readonly store: Store;
  readonly ownerCrmId: (agentId: string) => Promise<string | null>;
  readonly now: () => number;
  readonly logger?: Logger;
  /** How long a claimed batch is held from other folders (instances) before one may take it over. */
  readonly leaseMs?: number;
  readonly batch?: number;
  /**
   * How long an ended call's log waits for the wrap-up the widget showed the agent (`WRAPUP_HOLD_S`): the wrap-up
   * (saved or skipped) releases it at once; 0 or none logs every call at its end.
   */
  readonly wrapUpHoldMs?: number;
}

/**
 * Claims one batch of calls that received new events (`Store.claimCallsToFold`), folds the events of each into its
 * record, and queues the log of each ended call for the CRM. Rebuilding from all of a call's events, not patching the
 * last record, is what makes duplicates and out-of-order arrivals harmless. Each call claimed is saved or skipped
 * before this resolves, which ends its hold, unless the store fails on it, or the batch has taken two thirds of its
 * lease (a slow or distant database): the calls not folded by then are left to the lease, to be claimed again once it
 * runs out, so no call is folded while another instance may have claimed it too. `claimed` below the batch size
 * means no other call was free to claim.
 */
export async function foldClaimedBatch(deps: FoldDeps): Promise<{ claimed: number; folded: number }> {
  const batch = deps.batch ?? FOLD_BATCH;
  const leaseMs = deps.leaseMs ?? DEFAULT_FOLD_LEASE_MS;
  const claimedAt = deps.now();
  const calls = await deps.store.claimCallsToFold({ now: claimedAt, limit: batch, leaseMs });
  const foldUntil = claimedAt + (leaseMs * 2) / 3;
  let folded = 0;
  for (const [n, { callId, version }] of calls.entries()) {
    if (deps.now() >= foldUntil) {
      deps.logger?.warn({ left: calls.length - n, claimed: calls.length }, 'a fold batch took two thirds of its lease; the calls left are folded once it runs out');
      break;
    }
    try {
      if (await foldCall(deps, callId, version)) folded += 1;
    } catch (error) {
      // The store failed, not the events: this call stays held until its lease runs out and is folded again then. The
      // rest of the batch goes on, so a call the store keeps failing on cannot hold back the calls claimed with it.
      deps.logger?.error({ err: error, callId }, 'could not save the fold of a call; it is folded again once its claim runs out');
    }
  }
  return { claimed: calls.length, folded };
}

/**
 * Folds claimed batches until no call is left to claim; calls held by another folder (instance) are left to it.
 * Returns how many calls were folded.
 */
export async function foldPendingCalls(deps: FoldDeps): Promise<number> {
  let folded = 0;
  for (;;) {
    const done = await foldClaimedBatch(deps);
    folded += done.folded;
    if (done.claimed === 0) return folded;
  }
}

/** Folds and saves one claimed call at `version`; false when its events cannot be folded (that version is skipped). */
async function foldCall(deps: FoldDeps, callId: string, version: number): Promise<boolean> {
  const events = await deps.store.callEvents(callId);
  let record;
  try {
    record = foldCallEvents(events);
  } catch (error) {
    // Events the API validated should always fold; if not, skip this version rather than block every other call.
    deps.logger?.error({ err: error, callId }, 'cannot fold the events of a call; skipping until its next event');
    record = null;
  }
  if (!record) {
    await deps.store.skipFold(callId, version);
    return false;
  }
  const owner = await deps.ownerCrmId(record.agentId);
  const log = asLeg(callLogFromRecord(record, owner), callId);
  if (!log && record.endedAt && record.direction === null) {
    // The widget reported the end of a call but never its start: log what is known where an admin sees it,
    // rather than wait forever. A `dialing`/`ringing` arriving later queues the complete log by itself.
    const partial = asLeg(callLogFromRecord({ ...record, direction: 'outbound', from: record.from ?? '', to: record.to ?? '' }, owner), callId);
    const deadReason = 'MISSING_START: the widget never reported how this call started (no dialing or ringing event); the direction and parties are unknown';
    await deps.store.saveFold({ callId, version, record, log: partial, now: deps.now(), deadReason });
    return true;
  }
  const now = deps.now();
  const holdMs = deps.wrapUpHoldMs ?? 0;
  // Counted from this fold, by this instance's clock, not from the widget's `occurredAt`; a later fold's later time
  // never delays a log already queued (the store keeps the sooner due time).
  const dueAt = holdMs > 0 && awaitsWrapUp(events) ? now + holdMs : now;
  await deps.store.saveFold({ callId, version, record, log, now, dueAt });
  return true;
}

/** The CRM activity's external id is the leg, so each agent on a shared Call-ID gets an activity of its own. */
function asLeg(log: CallLog | null, leg: string): CallLog | null {
  return log && { ...log, callId: leg };
}
