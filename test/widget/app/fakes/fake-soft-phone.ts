import type { CallDirection, CallEnd } from '../../../../widget/src/phone/call-state.js';
import type { PhoneCall } from '../../../../widget/src/phone/phone-call.js';
import type { PhoneProblem } from '../../../../widget/src/phone/phone-problem.js';
import type { RegistrationState } from '../../../../widget/src/phone/registration-state.js';
import type { DialTarget, SoftPhone, SoftPhoneEvents } from '../../../../widget/src/phone/soft-phone.js';

type Listeners = { [E in keyof SoftPhoneEvents]: Set<SoftPhoneEvents[E]> };

/**
 * A `SoftPhone` that keeps the interface's promises without SIP: `dial` emits `call` before it resolves, every
 * change is a `callchange`, `calls` holds the calls not yet ended. The test plays the far end (`ring`, `answered`,
 * `remoteHangup`) and reads what the widget asked for (`dialled`, each call's `controls`).
 */
export class FakeSoftPhone implements SoftPhone {
  registration: RegistrationState = 'unregistered';
  problem: PhoneProblem | null = null;
  calls: FakeCall[] = [];
  /** Every call, ended ones too, oldest first. */
  readonly history: FakeCall[] = [];
  readonly dialled: DialTarget[] = [];
  readonly microphones: (string | null)[] = [];
  readonly speakers: (string | null)[] = [];
  /** Every `updateCredentials`, as `username/password`. */
  readonly credentials: string[] = [];
  started = 0;
  stopped = 0;
  unregistered = 0;
  /** Set by `unregister`, cleared by `start`: INVITEs are refused (480) meanwhile. */
  private refusing = false;
  /** What `start` ends in; tests set `failed` with a problem to see the message. */
  startsAs: { state: RegistrationState; problem: PhoneProblem | null } = { state: 'registered', problem: null };
  /** When set, `dial` rejects with this message (no microphone, not registered). */
  dialFailure: string | null = null;
  private readonly listeners: Listeners = { registration: new Set(), call: new Set(), callchange: new Set() };
  private nextId = 1;

  async start(): Promise<void> {
    this.refusing = false;
    this.started += 1;
    this.setRegistration(this.startsAs.state, this.startsAs.problem);
  }

  /** Like the real phone: what is still up is hung up first. */
  async stop(): Promise<void> {
    this.stopped += 1;
    for (const call of [...this.calls]) await call.hangup();
    this.setRegistration('unregistered', null);
  }

  /** Like the real phone: unregistered, and every INVITE refused (480, no `call` event) until `start`. */
  async unregister(): Promise<void> {
    this.unregistered += 1;
    this.refusing = true;
    this.setRegistration('unregistered', null);
  }

  updateCredentials(username: string, password: string): void {
    this.credentials.push(`${username}/${password}`);
  }

  async dial(target: DialTarget): Promise<PhoneCall> {
    if (this.dialFailure) throw new Error(this.dialFailure);
    this.dialled.push(target);
    const call = new FakeCall(this, `out-${this.nextId++}@fake`, 'outbound', { uri: target.sipUri, user: userOf(target.sipUri), displayName: null });
    this.calls.push(call);
    this.history.push(call);
    this.emit('call', call);
    return call;
  }

  /** An INVITE arrives. */
  ring(from: string, displayName: string | null = null): FakeCall {
    const call = new FakeCall(this, `in-${this.nextId++}@fake`, 'inbound', { uri: `sip:${from}@pbx.test`, user: from, displayName });
    if (this.refusing) {
      call.state = 'ended';
      call.end = { cause: 'declined', sipStatus: 480, hungUpBy: 'system' };
      this.history.push(call);
      return call;
    }
    call.state = 'ringing';
    this.calls.push(call);
    this.history.push(call);
    this.emit('call', call);
    return call;
  }

  async selectMicrophone(deviceId: string | null): Promise<void> {
    this.microphones.push(deviceId);
  }

  async selectSpeaker(deviceId: string | null): Promise<void> {
    this.speakers.push(deviceId);
  }

  on<E extends keyof SoftPhoneEvents>(event: E, listener: SoftPhoneEvents[E]): () => void {
    (this.listeners[event] as Set<SoftPhoneEvents[E]>).add(listener);
    return () => (this.listeners[event] as Set<SoftPhoneEvents[E]>).delete(listener);
  }

  listenerCount(): number {
    return this.listeners.registration.size + this.listeners.call.size + this.listeners.callchange.size;
  }

  setRegistration(state: RegistrationState, problem: PhoneProblem | null): void {
    this.registration = state;
    this.problem = problem;
    for (const l of this.listeners.registration) l(state, problem);
  }

  changed(call: FakeCall): void {
    if (call.state === 'ended') this.calls = this.calls.filter((c) => c !== call);
    for (const l of this.listeners.callchange) l(call);
  }

  private emit(event: 'call', call: FakeCall): void {
    for (const l of this.listeners[event]) l(call);
  }
}

function userOf(uri: string): string {
  return /^sips?:([^@;]+)/.exec(uri)?.[1] ?? uri;
}

/** One fake call; `controls` lists every control the widget used, in order, e.g. `hold`, `dtmf 5`, `transfer sip:…`. */
export class FakeCall implements PhoneCall {
  state: PhoneCall['state'] = 'dialing';
  onHold = false;
  muted = false;
  answeredAt: number | null = null;
  endedAt: number | null = null;
  end: CallEnd | null = null;
  problem: PhoneProblem | null = null;
  transferredTo: PhoneCall['transferredTo'] = null;
  readonly startedAt = Date.now();
  readonly local = 'agent';
  readonly controls: string[] = [];

  constructor(
    private readonly phone: FakeSoftPhone,
    readonly callId: string,
    readonly direction: CallDirection,
    readonly remote: { readonly uri: string; readonly user: string; readonly displayName: string | null },
  ) {}

  /** The far end rings (outbound). */
  ringing(): void {
    this.state = 'ringing';
    this.phone.changed(this);
  }

  /** The far end answers (outbound), or the agent's answer took (inbound). */
  answered(at = Date.now()): void {
    this.state = 'established';
    this.answeredAt = at;
    this.phone.changed(this);
  }

  remoteHangup(): void {
    this.finish({ cause: 'hangup', sipStatus: null, hungUpBy: 'remote' });
  }

  /** The call failed before answer: busy (486), declined (603), no answer... */
  failed(end: CallEnd, problem: PhoneProblem | null): void {
    this.problem = problem;
    this.finish(end);
  }

  async answer(): Promise<void> {
    if (this.direction !== 'inbound' || this.state !== 'ringing') throw new Error('Only a ringing incoming call can be answered.');
    this.controls.push('answer');
    for (const other of this.phone.calls) if (other !== this && other.state === 'established' && !other.onHold) await other.hold();
    this.answered();
  }

  async decline(): Promise<void> {
    this.controls.push('decline');
    this.finish({ cause: 'declined', sipStatus: 603, hungUpBy: 'agent' });
  }

  async hangup(): Promise<void> {
    this.controls.push('hangup');
    this.finish({ cause: this.state === 'established' ? 'hangup' : 'cancelled', sipStatus: null, hungUpBy: 'agent' });
  }

  async hold(): Promise<void> {
    if (this.state !== 'established') throw new Error('Only a call in progress can be held.');
    this.controls.push('hold');
    this.onHold = true;
    this.phone.changed(this);
  }

  async resume(): Promise<void> {
    this.controls.push('resume');
    this.onHold = false;
    this.phone.changed(this);
  }

  setMuted(muted: boolean): void {
    this.controls.push(muted ? 'mute' : 'unmute');
    this.muted = muted;
    this.phone.changed(this);
  }

  async sendDtmf(digits: string): Promise<void> {
    this.controls.push(`dtmf ${digits}`);
  }

  async transfer(target: string): Promise<void> {
    this.controls.push(`transfer ${target}`);
    this.transferredTo = { target, mode: 'blind' };
    this.finish({ cause: 'hangup', sipStatus: null, hungUpBy: 'agent' });
  }

  async transferTo(other: PhoneCall): Promise<void> {
    this.controls.push(`transferTo ${other.callId}`);
    this.transferredTo = { target: other.remote.uri, mode: 'attended' };
    this.finish({ cause: 'hangup', sipStatus: null, hungUpBy: 'agent' });
    if (other instanceof FakeCall) other.finish({ cause: 'hangup', sipStatus: null, hungUpBy: 'agent' });
  }

  finish(end: CallEnd): void {
    if (this.state === 'ended') return;
    this.state = 'ended';
    this.end = end;
    this.endedAt = Date.now();
    this.phone.changed(this);
  }
}
