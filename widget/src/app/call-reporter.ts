import type { ConnectorApi, WidgetCallEvent } from '../connector/connector-api.js';
import type { HostRecord } from '../hosts/host-bridge.js';
import type { PhoneCall } from '../phone/phone-call.js';
import type { SoftPhone } from '../phone/soft-phone.js';
import type { CallLog } from './app-ports.js';
import { wantsWrapUp } from './call-book.js';
import { callParty, connectorRecord, type RecordRef } from './call-report-fields.js';

/** Repeating timers, injectable so tests step heartbeats by hand. */
export interface IntervalTimers {
  setInterval(callback: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

export interface CallReporterDeps {
  readonly phone: SoftPhone;
  readonly connector: Pick<ConnectorApi, 'report'>;
  /** From the agent's settings: a third of the connector's silence timeout. */
  readonly heartbeatIntervalS: number;
  readonly now?: () => number;
  readonly newId?: () => string;
  readonly timers?: IntervalTimers;
}

/** What has been reported of one tracked call, so each change is reported once. */
interface Tracked {
  readonly call: PhoneCall;
  readonly consult: boolean;
  record: RecordRef | null;
  rang: boolean;
  answered: boolean;
  onHold: boolean;
  transferred: boolean;
  ended: boolean;
  heartbeat: unknown;
}

/** Ended calls kept so a late `setRecord` still reaches the connector; older ones are forgotten. */
const ENDED_KEPT = 50;

/**
 * The widget's `CallLog`: turns each tracked call's changes (the phone's `callchange`) into connector events, keyed by
 * the SIP Call-ID, each sent once per change:
 *
 * - `track`: `dialing` (outbound) or `ringing` (inbound) with direction, parties and the CRM record; heartbeats start.
 * - an outbound call's first `ringing` state: `ringing`; the first `established`: `answered`;
 * - `onHold` flips while answered: `held` / `resumed`; `transferredTo` set: `transferred`;
 * - `ended`: `ended` with the call's cause, SIP status, who hung up, and whether the agent is shown a wrap-up for it
 *   (the connector then holds its log for the wrap-up); heartbeats stop.
 * - `setRecord` on a call reported without a record: its opening event again, now with the record (the connector keeps
 *   the first record a call's opening events carry). `wrapUp`: `wrapup`, as often as the agent saves it.
 *
 * A record the connector would refuse (an object type other than Contact, Lead or Account, an id it cannot take) is
 * reported as none rather than losing the whole event.
 */
export class CallReporter implements CallLog {
  private readonly calls = new Map<string, Tracked>();
  private readonly unsubscribe: () => void;
  private readonly now: () => number;
  private readonly newId: () => string;
  private readonly timers: IntervalTimers;

  constructor(private readonly deps: CallReporterDeps) {
    this.now = deps.now ?? Date.now;
    this.newId = deps.newId ?? newEventId;
    this.timers = deps.timers ?? {
      setInterval: (callback, ms) => globalThis.setInterval(callback, ms),
      clearInterval: (handle) => globalThis.clearInterval(handle as ReturnType<typeof globalThis.setInterval>),
    };
    this.unsubscribe = deps.phone.on('callchange', (call) => this.sync(call));
  }

  track(call: PhoneCall, record: HostRecord | null, options: { readonly consult: boolean }): void {
    if (this.calls.has(call.callId)) return;
    const tracked: Tracked = { call, consult: options.consult, record: connectorRecord(record), rang: false, answered: false, onHold: false, transferred: false, ended: false, heartbeat: null };
    this.calls.set(call.callId, tracked);
    this.opening(tracked, call.direction === 'outbound' ? 'dialing' : 'ringing');
    if (call.state !== 'ended') {
      tracked.heartbeat = this.timers.setInterval(() => this.emit(call.callId, { type: 'heartbeat' }), this.deps.heartbeatIntervalS * 1000);
    }
    this.sync(call);
  }

  setRecord(callId: string, record: HostRecord | null): void {
    const tracked = this.calls.get(callId);
    const ref = connectorRecord(record);
    if (!tracked || !ref || tracked.record) return;
    tracked.record = ref;
    this.opening(tracked, tracked.call.direction === 'outbound' ? 'dialing' : 'ringing');
  }

  wrapUp(callId: string, disposition: string | null, notes: string | null): void {
    this.emit(callId, { type: 'wrapup', disposition, notes });
  }

  stop(): void {
    this.unsubscribe();
    for (const tracked of this.calls.values()) this.stopHeartbeat(tracked);
  }

  private sync(call: PhoneCall): void {
    const t = this.calls.get(call.callId);
    if (!t || t.ended) return;
    if (call.direction === 'outbound' && call.state === 'ringing' && !t.rang && !t.answered) {
      t.rang = true;
      this.opening(t, 'ringing');
    }
    if (call.state === 'established' && !t.answered) {
      t.answered = true;
      this.emit(call.callId, { type: 'answered' });
    }
    if (t.answered && call.state !== 'ended' && call.onHold !== t.onHold) {
      t.onHold = call.onHold;
      this.emit(call.callId, { type: call.onHold ? 'held' : 'resumed' });
    }
    if (call.transferredTo && !t.transferred) {
      t.transferred = true;
      this.emit(call.callId, { type: 'transferred', target: call.transferredTo.target, mode: call.transferredTo.mode });
    }
    if (call.state === 'ended') {
      t.ended = true;
      this.stopHeartbeat(t);
      const end = call.end ?? { cause: 'failed', sipStatus: null, hungUpBy: null };
      this.emit(call.callId, { type: 'ended', cause: end.cause, sipStatus: end.sipStatus, hungUpBy: end.hungUpBy, wrapUp: wantsWrapUp(call, t.consult) });
      this.forgetOldEnded();
    }
  }

  private opening(t: Tracked, type: 'dialing' | 'ringing'): void {
    const { call } = t;
    const local = callParty(call.local, call.local);
    const remote = callParty(call.remote.user, call.remote.uri);
    const [from, to] = call.direction === 'outbound' ? [local, remote] : [remote, local];
    this.emit(call.callId, { type, direction: call.direction, from, to, record: t.record });
  }

  private emit(callId: string, body: DistributiveOmit<WidgetCallEvent, 'eventId' | 'callId' | 'occurredAt'>): void {
    const event = { eventId: this.newId(), callId, occurredAt: new Date(this.now()).toISOString(), ...body } as WidgetCallEvent;
    this.deps.connector.report(event);
  }

  private stopHeartbeat(t: Tracked): void {
    if (t.heartbeat !== null) this.timers.clearInterval(t.heartbeat);
    t.heartbeat = null;
  }

  private forgetOldEnded(): void {
    const ended = [...this.calls.values()].filter((t) => t.ended);
    for (const t of ended.slice(0, Math.max(0, ended.length - ENDED_KEPT))) this.calls.delete(t.call.callId);
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/**
 * A random UUID v4 for an event id. `crypto.randomUUID` exists only in secure contexts, and an embed may sit on a
 * plain-http intranet page; `getRandomValues` works everywhere.
 */
function newEventId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
