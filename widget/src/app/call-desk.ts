import type { Resolution, ResolvePurpose } from '../connector/connector-api.js';
import type { DialRequest, HostCallEvent, HostRecord } from '../hosts/host-bridge.js';
import type { PhoneCall } from '../phone/phone-call.js';
import type { AppModel } from './app-model.js';
import { errorText, withTimeout } from './async-tools.js';
import { recentCall, wantsWrapUp, type CallEntry } from './call-book.js';
import { connectorRecord } from './call-report-fields.js';
import { dialInput } from './dial-input.js';
import { waitUntilLogged } from './wait-until-logged.js';
import type { HostGate } from './host-gate.js';

const RECENT_LIMIT = 20;

/** What placing a call needs to remember besides the resolved target. */
export interface CallIntent {
  readonly record: HostRecord | null;
  readonly name: string | null;
  readonly number: string;
  readonly dialString: string;
  readonly consult: boolean;
}

/**
 * The calls: dial requests resolved by the connector and placed on the phone, inbound calls looked up and popped in
 * the host, the host told of every moment in order, and each ended call queued for its wrap-up.
 */
export class CallDesk {
  private intent: CallIntent | null = null;
  /** What each recent call dialled and the record it was logged to, for a call back. */
  private readonly recentDials = new Map<string, { readonly dialString: string; readonly record: HostRecord | null }>();

  constructor(
    private readonly model: AppModel,
    private readonly host: HostGate,
    private readonly options: {
      readonly lookupTimeoutMs: number;
      readonly log: (message: string) => void;
      /** Told of every ended call, after focus moved on (the transfer flow). */
      readonly callEnded: (callId: string) => void;
      readonly sleep: (ms: number) => Promise<void>;
    },
  ) {}

  /** A click in the host or the dial pad: resolve, then refuse (shown, never dialled) or dial and tell the host. */
  async dial(request: DialRequest): Promise<void> {
    const m = this.model;
    const number = dialInput(request.number);
    if (m.session !== 'ready' || !m.parts?.phone) {
      m.tell('error', `Sign in first, then call ${number} again.`);
      return;
    }
    if (m.registration !== 'registered') {
      const why = m.registrationProblem ? `: ${m.registrationProblem.message}` : '.';
      m.tell('error', `The phone is not connected yet${why} Try again in a moment.`);
      return;
    }
    if (m.resolving) return;
    if (m.talkingCall()) {
      m.tell('error', 'Hang up or hold the current call first.');
      return;
    }
    const resolution = await this.resolve(number, request.record, 'dial');
    if (!resolution) return;
    const contact = resolution.contact;
    const owner = contact ? { objectType: contact.objectType, id: contact.id, name: contact.name } : null;
    const record = connectorRecord(request.record) ? request.record : (owner ?? request.record);
    const name = request.record?.name ?? contact?.name ?? null;
    await this.place(resolution, { record, name, number: resolution.display || number, dialString: number, consult: false });
  }

  /**
   * Resolves a number; a policy refusal (the call policy, or the agent's call limits when `purpose` is `dial`) or an
   * unusable number becomes the notice and null.
   */
  async resolve(number: string, record: HostRecord | null, purpose: ResolvePurpose): Promise<Resolution | null> {
    const m = this.model;
    const connector = m.parts?.connector;
    if (!connector) return null;
    m.resolving = true;
    m.notice = null;
    m.emit();
    try {
      // Records of other object types (a Salesforce Case, a HubSpot company) do not guide resolution; the call is
      // still logged to the contact the number belongs to.
      const resolution = await connector.resolve({ number, record: connectorRecord(record), purpose });
      if (resolution.policy.allowed) return resolution;
      m.notice = { tone: 'error', text: `Not called: ${resolution.policy.reason ?? 'your team’s call policy does not allow this number.'}` };
      return null;
    } catch (error) {
      m.notice = { tone: 'error', text: `Cannot call ${number}: ${errorText(error)}` };
      return null;
    } finally {
      m.resolving = false;
      m.emit();
    }
  }

  /** Dials a resolved target; the new call is focused, and the host hears `outgoing` unless it is a consultation. */
  async place(target: Resolution, intent: CallIntent): Promise<PhoneCall | null> {
    const phone = this.model.parts?.phone;
    if (!phone) return null;
    this.intent = intent;
    let call: PhoneCall;
    try {
      call = await phone.dial({ sipUri: target.sipUri, extension: target.extension, display: target.display });
    } catch (error) {
      this.model.tell('error', errorText(error));
      return null;
    } finally {
      this.intent = null;
    }
    const entry = this.model.entries.get(call.callId) ?? this.track(call, intent);
    this.model.focusedCallId = call.callId;
    if (!intent.consult) this.notify(entry, { type: 'outgoing', call, record: entry.record });
    this.changed(call);
    return call;
  }

  /** The phone's `call` event: outbound calls take the intent of the dial in progress, inbound ones ring. */
  added(call: PhoneCall): void {
    const m = this.model;
    if (m.entries.has(call.callId)) return;
    if (call.direction === 'outbound') {
      if (this.intent) this.track(call, this.intent);
      return;
    }
    const entry = this.track(call, { record: null, name: call.remote.displayName, number: call.remote.user, dialString: call.remote.user, consult: false });
    entry.hostQueue = [];
    m.emit();
    this.host.showPanel();
    void this.lookUpCaller(entry);
  }

  /** The phone's `callchange` event. */
  changed(call: PhoneCall): void {
    const entry = this.model.entries.get(call.callId);
    if (!entry) return;
    if (call.state === 'established' && !entry.answered) {
      entry.answered = true;
      if (!entry.consult) this.notify(entry, { type: 'answered', call });
    }
    if (call.state === 'ended' && !entry.ended) this.ended(entry);
    this.model.emit();
  }

  saveWrapUp(disposition: string | null, notes: string): void {
    const entry = this.takeWrapUp();
    if (!entry) return;
    const text = notes.trim() === '' ? null : notes.trim();
    this.wrappedUp(entry, disposition, text);
    this.model.emit();
  }

  /** Reported as an empty wrap-up, so the connector logs the call now rather than when its wait for one runs out. */
  skipWrapUp(): void {
    const entry = this.takeWrapUp();
    if (!entry) return;
    this.wrappedUp(entry, null, null);
    this.model.emit();
  }

  /** Sign-out with wrap-ups pending: skipped, so the host hears `completed` for each and no call stays open there. */
  completeAllWrapUps(): void {
    for (const entry of this.model.wrapUps) this.wrappedUp(entry, null, null);
    this.model.wrapUps = [];
  }

  callBack(callId: string): void {
    const dial = this.recentDials.get(callId);
    if (dial) void this.dial({ number: dial.dialString, record: dial.record });
  }

  /** Runs a control on a call; a refusal becomes the notice, never an exception in a click handler. */
  async control(callId: string, run: (call: PhoneCall) => Promise<void> | void): Promise<boolean> {
    const entry = this.model.entries.get(callId);
    if (!entry) return false;
    try {
      await run(entry.call);
      return true;
    } catch (error) {
      this.model.tell('error', errorText(error));
      return false;
    }
  }

  /** Brings a call to the panel: the call talking now is held first, then the chosen one resumed. */
  async switchTo(callId: string): Promise<void> {
    const talking = this.model.talkingCall();
    if (talking && talking.call.callId !== callId && !(await this.control(talking.call.callId, (c) => c.hold()))) return;
    this.model.focusedCallId = callId;
    this.model.emit();
    if (this.model.entries.get(callId)?.call.onHold) await this.control(callId, (c) => c.resume());
  }

  /** The host's hang-up request: the call on the panel. */
  hangupFocused(): void {
    const id = this.model.focusedCallId ?? this.model.lastCallId();
    if (id) void this.control(id, (c) => c.hangup());
  }

  private track(call: PhoneCall, intent: CallIntent): CallEntry {
    const entry: CallEntry = { call, ...intent, hostQueue: null, answered: false, ended: false };
    this.model.entries.set(call.callId, entry);
    this.model.parts?.callLog?.track(call, intent.consult ? null : intent.record, { consult: intent.consult });
    return entry;
  }

  /**
   * The connector's screen pop of an inbound call (pushed once the call was reported ringing): a ringing call this
   * widget holds and has not popped yet pops with the connector's records, as after its own lookup. Whichever comes
   * first pops; the other is ignored.
   */
  screenPop(pop: { readonly callId: string; readonly number: string; readonly matches: readonly HostRecord[] }): void {
    const entry = this.model.entries.get(pop.callId);
    if (entry && entry.call.direction === 'inbound' && entry.hostQueue !== null) this.pop(entry, [...pop.matches], pop.number);
  }

  private async lookUpCaller(entry: CallEntry): Promise<void> {
    const connector = this.model.parts?.connector;
    let matches: HostRecord[] = [];
    let display: string | null = null;
    try {
      if (!connector) throw new Error('signed out');
      const found = await withTimeout(connector.lookup(entry.call.remote.user), this.options.lookupTimeoutMs);
      matches = found.matches.map((r) => ({ objectType: r.objectType, id: r.id, name: r.name }));
      display = found.display || null;
    } catch (error) {
      this.options.log(`reverse lookup failed: ${errorText(error)}`);
    }
    if (entry.hostQueue !== null) this.pop(entry, matches, display);
  }

  /** Names the caller, logs the call to its record when exactly one matched, and tells the host, then what waited. */
  private pop(entry: CallEntry, matches: HostRecord[], display: string | null): void {
    entry.name = matches[0]?.name ?? entry.name;
    if (display) entry.number = display;
    entry.record = matches.length === 1 ? (matches[0] ?? null) : null;
    this.model.parts?.callLog?.setRecord(entry.call.callId, entry.record);
    const held = entry.hostQueue ?? [];
    entry.hostQueue = null;
    this.notify(entry, { type: 'incoming', call: entry.call, matches });
    for (const event of held) this.notify(entry, event);
    this.model.emit();
  }

  private ended(entry: CallEntry): void {
    const m = this.model;
    const call = entry.call;
    entry.ended = true;
    m.entries.delete(call.callId);
    m.recent = [recentCall(entry), ...m.recent].slice(0, RECENT_LIMIT);
    this.recentDials.set(call.callId, { dialString: entry.dialString, record: entry.record });
    for (const id of this.recentDials.keys()) if (!m.recent.some((r) => r.callId === id)) this.recentDials.delete(id);
    if (call.problem && call.answeredAt === null && call.direction === 'outbound' && !entry.consult) {
      m.notice = { tone: 'error', text: call.problem.message };
    }
    if (m.focusedCallId === call.callId) m.focusedCallId = m.lastCallId();
    this.options.callEnded(call.callId);
    if (entry.consult) return;
    this.notify(entry, { type: 'ended', call });
    if (wantsWrapUp(call, entry.consult)) m.wrapUps = [...m.wrapUps, entry];
    else this.complete(entry, null, null);
  }

  private takeWrapUp(): CallEntry | null {
    const [first, ...rest] = this.model.wrapUps;
    this.model.wrapUps = rest;
    return first ?? null;
  }

  private wrappedUp(entry: CallEntry, disposition: string | null, notes: string | null): void {
    this.model.parts?.callLog?.wrapUp(entry.call.callId, disposition, notes);
    this.complete(entry, disposition, notes);
  }

  private complete(entry: CallEntry, disposition: string | null, notes: string | null): void {
    this.notify(entry, { type: 'completed', call: entry.call, record: entry.record, disposition, notes });
    const parts = this.model.parts;
    if (!parts) return;
    // The host refreshes the record's view (Salesforce's refreshView) once the activity is really in the CRM.
    void waitUntilLogged({
      connector: parts.connector,
      callId: entry.call.callId,
      stillWanted: () => this.model.parts === parts,
      sleep: this.options.sleep,
      log: this.options.log,
    }).then((logged) => {
      if (logged) this.notify(entry, { type: 'logged', callId: entry.call.callId, record: entry.record });
    });
  }

  private notify(entry: CallEntry, event: HostCallEvent): void {
    if (entry.hostQueue && event.type !== 'incoming') entry.hostQueue.push(event);
    else this.host.notify(event);
  }
}
