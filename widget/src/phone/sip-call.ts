import { Invitation, SessionState, UserAgent, type Core, type Inviter, type Session } from 'sip.js';
import { callEndFromStatus } from './call-end-from-status.js';
import type { CallDirection, CallEnd, CallState } from './call-state.js';
import { sendDigits } from './dtmf.js';
import type { PhoneCall } from './phone-call.js';
import type { PhoneProblem } from './phone-problem.js';
import { microphoneProblem, problems } from './phone-problems.js';

/** How long to wait for the transfer target's NOTIFY 2xx before the attended transfer is declared failed. */
const ATTENDED_TRANSFER_TIMEOUT_MS = 10_000;
/**
 * After a blind transfer's 202, how long to wait for the first NOTIFY before leaving the call anyway: hanging up at
 * once races the transferee's NOTIFY, and some far ends drop a transfer whose transferor vanished mid-subscription.
 */
const BLIND_TRANSFER_NOTIFY_WAIT_MS = 2000;
/** Longest wait for the ACK of our 200 before a re-INVITE goes anyway (RFC 3261 timer H is 32 s; ACKs take ms). */
const ACK_WAIT_MS = 2000;

export interface SipCallHooks {
  readonly now: () => number;
  readonly onChange: (call: SipCall) => void;
  /** Puts every other established call on hold (call waiting), before this one is answered. */
  readonly holdOthers: (call: SipCall) => Promise<void>;
  readonly onEstablished: (call: SipCall, session: Session) => void;
  readonly onEnded: (call: SipCall) => void;
  readonly log: (message: string) => void;
  /** Digits sent as DTMF once an outbound call is answered (a number's extension), or null. */
  readonly extension: string | null;
  readonly extensionDelayMs: number;
  /**
   * After a CANCEL, how long to wait for the final answer before ending the call ourselves: a transaction that got a
   * 1xx has no timer of its own in sip.js, and the 487 may have gone down a socket that died.
   */
  readonly cancelAnswerTimeoutMs: number;
  readonly local: string;
}

/**
 * One call of the phone over a sip.js `Session`. State follows the session; the end's cause comes from the final
 * response or from who sent the BYE. Every change goes through `update`, which emits one `callchange`.
 */
export class SipCall implements PhoneCall {
  readonly callId: string;
  readonly direction: CallDirection;
  readonly remote: { readonly uri: string; readonly user: string; readonly displayName: string | null };
  readonly local: string;
  readonly startedAt: number;
  state: CallState;
  onHold = false;
  muted = false;
  answeredAt: number | null = null;
  endedAt: number | null = null;
  end: CallEnd | null = null;
  problem: PhoneProblem | null = null;
  transferredTo: { readonly target: string; readonly mode: 'blind' | 'attended' } | null = null;

  private cancelledBy: 'agent' | 'system' | null = null;
  private byeBy: 'agent' | 'remote' | null = null;
  private declinedByAgent = false;
  private finalResponse: Core.IncomingResponse | null = null;
  private failure: PhoneProblem | null = null;
  private busy = false;
  private remoteCancelled = false;
  /** An answered incoming call is ours to re-INVITE only once the caller's ACK arrived (RFC 3261 14.2). */
  private acknowledged: Promise<void>;
  private ackArrived: () => void = () => {};

  constructor(
    readonly session: Session,
    private readonly hooks: SipCallHooks,
  ) {
    this.direction = session instanceof Invitation ? 'inbound' : 'outbound';
    this.callId = session instanceof Invitation ? session.request.callId : (session as Inviter).request.callId;
    const identity = session.remoteIdentity;
    this.remote = { uri: identity.uri.toString(), user: identity.uri.user ?? '', displayName: identity.displayName || null };
    this.local = hooks.local;
    this.startedAt = hooks.now();
    this.state = this.direction === 'inbound' ? 'ringing' : 'dialing';
    session.stateChange.addListener((state) => this.onSessionState(state));
    session.delegate = {
      ...session.delegate,
      // A delegate's onBye replaces sip.js's own 200 OK, so it must accept the BYE itself.
      onBye: (bye) => {
        this.byeBy ??= 'remote';
        bye.accept().catch((error: unknown) => hooks.log(`200 to BYE not sent: ${String(error)}`));
      },
      onCancel: () => void (this.remoteCancelled = true),
      onAck: () => this.ackArrived(),
    };
    this.acknowledged = new Promise((resolve) => (this.ackArrived = resolve));
    if (this.direction === 'outbound') this.ackArrived();
  }

  /** Called by the phone with the final answer to our INVITE (outbound only). */
  rejected(response: Core.IncomingResponse): void {
    this.finalResponse = response;
  }

  /** Called by the phone when a provisional answer arrived (outbound only). */
  progressed(statusCode: number): void {
    if (this.state === 'dialing' && (statusCode === 180 || statusCode === 183)) this.update(() => (this.state = 'ringing'));
  }

  /** The INVITE could not be sent (no microphone, transport down). */
  failedToStart(problem: PhoneProblem): void {
    this.failure = problem;
    if (this.state !== 'ended') {
      this.finish();
      return;
    }
    // sip.js terminates the session before its invite() rejects, so the end may already be out with a vaguer reason.
    if (!this.finalResponse) {
      this.update(() => {
        this.end = { cause: 'failed', sipStatus: null, hungUpBy: 'system' };
        this.problem = problem;
      });
    }
  }

  /** Gives up on an unanswered outbound call, logged as not answered. */
  async giveUp(): Promise<void> {
    if (this.state !== 'dialing' && this.state !== 'ringing') return;
    this.cancelledBy = 'system';
    await this.cancel();
  }

  private async cancel(): Promise<void> {
    const guard = setTimeout(() => {
      if (this.state === 'ended') return;
      this.hooks.log(`no final answer to the CANCEL of ${this.callId}; ending the call`);
      void this.session.dispose().catch(() => undefined);
      this.finish();
    }, this.hooks.cancelAnswerTimeoutMs);
    try {
      await (this.session as Inviter).cancel();
    } catch (error) {
      clearTimeout(guard);
      throw error;
    }
  }

  async answer(): Promise<void> {
    if (this.direction !== 'inbound' || this.state !== 'ringing') throw new Error('Only a ringing incoming call can be answered.');
    await this.hooks.holdOthers(this);
    try {
      await (this.session as Invitation).accept();
    } catch (error) {
      const problem = microphoneProblem(error) ?? problems.callFailed(null, error instanceof Error ? error.message : String(error));
      this.failedToStart(problem);
      throw new Error(problem.message);
    }
  }

  async decline(): Promise<void> {
    if (this.direction !== 'inbound' || this.state !== 'ringing') throw new Error('Only a ringing incoming call can be declined.');
    this.declinedByAgent = true;
    await (this.session as Invitation).reject({ statusCode: 603 });
  }

  async hangup(): Promise<void> {
    if (this.state === 'ended') return;
    if (this.state === 'established') {
      this.byeBy ??= 'agent';
      await this.session.bye();
    } else if (this.direction === 'inbound') {
      await this.decline();
    } else {
      this.cancelledBy ??= 'agent';
      await this.cancel();
    }
  }

  /**
   * Holds the call: a `sendonly` re-INVITE, and the agent's microphone stops reaching the held party at once (an
   * agent often talks to a colleague while the customer waits). If the far end refuses, the microphone is back.
   */
  async hold(): Promise<void> {
    this.requireEstablished('put on hold');
    if (this.onHold) return;
    this.enableMicrophone(false);
    try {
      await this.exclusive(() => this.reinvite({ hold: true }));
    } catch (error) {
      this.enableMicrophone(!this.muted);
      throw error;
    }
    this.update(() => (this.onHold = true));
  }

  async resume(): Promise<void> {
    this.requireEstablished('resumed');
    if (!this.onHold) return;
    await this.hooks.holdOthers(this);
    await this.exclusive(() => this.reinvite({ hold: false }));
    this.enableMicrophone(!this.muted);
    this.update(() => (this.onHold = false));
  }

  /** After a network change: a re-INVITE with an ICE restart, keeping hold as it was. */
  async restartIce(): Promise<void> {
    if (this.state !== 'established') return;
    await this.exclusive(() => this.reinvite({ hold: this.onHold, offerOptions: { iceRestart: true } }));
  }

  setMuted(muted: boolean): void {
    this.requireEstablished(muted ? 'muted' : 'unmuted');
    // On hold the microphone stays off whatever mute says; resume applies mute.
    if (!this.onHold) this.enableMicrophone(!muted);
    this.update(() => (this.muted = muted));
  }

  private enableMicrophone(enable: boolean): void {
    const sdh = this.session.sessionDescriptionHandler as { enableSenderTracks?: (enable: boolean) => void } | undefined;
    sdh?.enableSenderTracks?.(enable);
  }

  async sendDtmf(digits: string): Promise<void> {
    this.requireEstablished('sent digits');
    await sendDigits(this.session, digits, this.hooks.log);
  }

  async transfer(target: string): Promise<void> {
    this.requireEstablished('transferred');
    const uri = UserAgent.makeURI(target);
    if (!uri) throw new Error(`${target} is not a SIP address to transfer to.`);
    await this.exclusive(() => this.refer(uri, false));
    this.transferredTo = { target: uri.toString(), mode: 'blind' };
    await this.hangup();
  }

  async transferTo(other: PhoneCall): Promise<void> {
    this.requireEstablished('transferred');
    if (!(other instanceof SipCall) || other.callId === this.callId || other.state !== 'established') {
      throw new Error('Attended transfer needs a second call of this phone that is connected.');
    }
    await this.exclusive(() => this.refer(other.session, true));
    this.transferredTo = { target: other.remote.uri, mode: 'attended' };
    await this.hangup();
    // The target replaces the consultation call and BYEs it; end it ourselves if it lingers.
    setTimeout(() => void other.hangup().catch(() => undefined), 3000);
  }

  private refer(target: ReturnType<typeof UserAgent.makeURI> | Session, waitForNotify: boolean): Promise<void> {
    return new Promise((resolve, reject) => {
      let settled = false;
      const done = (error?: Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (error) reject(error);
        else resolve();
      };
      const timer = setTimeout(() => done(new Error('The transfer target did not answer in time.')), ATTENDED_TRANSFER_TIMEOUT_MS);
      void this.session
        .refer(target as Session, {
          requestDelegate: {
            onAccept: () => {
              if (!waitForNotify) setTimeout(() => done(), BLIND_TRANSFER_NOTIFY_WAIT_MS);
            },
            onReject: (response) => done(new Error(`The transfer was refused (${response.message.statusCode}).`)),
          },
          onNotify: (notification) => {
            notification.accept().catch(() => undefined);
            const status = /SIP\/2\.0\s+(\d{3})/.exec(notification.request.body)?.[1];
            if (!status) return;
            if (!waitForNotify || status.startsWith('2')) done();
            else if (Number(status) >= 300) done(new Error(`The transfer failed: the target answered ${status}.`));
          },
        })
        .catch((error: unknown) => done(error instanceof Error ? error : new Error(String(error))));
    });
  }

  private async reinvite(options: { hold: boolean; offerOptions?: { iceRestart: boolean } }): Promise<void> {
    await Promise.race([this.acknowledged, new Promise((resolve) => setTimeout(resolve, ACK_WAIT_MS))]);
    const session = this.session;
    // sip.js keeps whatever options the last re-INVITE was given: rebuild them so one ICE restart does not stick.
    const { offerOptions: _stale, ...kept } = session.sessionDescriptionHandlerOptionsReInvite as { offerOptions?: unknown };
    void _stale;
    session.sessionDescriptionHandlerOptionsReInvite = { ...kept, hold: options.hold } as never;
    return new Promise((resolve, reject) => {
      session
        .invite({
          ...(options.offerOptions
            ? { sessionDescriptionHandlerOptions: { ...session.sessionDescriptionHandlerOptionsReInvite, offerOptions: options.offerOptions } as never }
            : {}),
          requestDelegate: {
            onAccept: () => resolve(),
            onReject: (response) => reject(new Error(`The other side refused (${response.message.statusCode}).`)),
          },
        })
        .catch((error: unknown) => reject(error instanceof Error ? error : new Error(String(error))));
    });
  }

  /** One re-INVITE or REFER at a time: RFC 3261 forbids overlapping re-INVITEs (491 Request Pending). */
  private async exclusive<T>(work: () => Promise<T>): Promise<T> {
    if (this.busy) throw new Error('Another change to this call is still in progress; try again in a moment.');
    this.busy = true;
    try {
      return await work();
    } finally {
      this.busy = false;
    }
  }

  private requireEstablished(what: string): void {
    if (this.state !== 'established') throw new Error(`Only a connected call can be ${what}.`);
  }

  private onSessionState(state: SessionState): void {
    if (state === SessionState.Established && this.state !== 'established') {
      this.update(() => {
        this.state = 'established';
        this.answeredAt = this.hooks.now();
      });
      this.hooks.onEstablished(this, this.session);
      if (this.direction === 'outbound' && this.hooks.extension) {
        const extension = this.hooks.extension;
        setTimeout(() => {
          if (this.state === 'established') void this.sendDtmf(extension).catch((error: unknown) => this.hooks.log(`extension DTMF failed: ${String(error)}`));
        }, this.hooks.extensionDelayMs);
      }
    } else if (state === SessionState.Terminated) {
      // sip.js hands the final response to our request delegate right after this transition: read it a tick later.
      queueMicrotask(() => this.finish());
    }
  }

  private finish(): void {
    if (this.state === 'ended') return;
    const { end, problem } = this.describeEnd();
    this.update(() => {
      this.state = 'ended';
      this.endedAt = this.hooks.now();
      this.end = end;
      this.problem = problem;
    });
    this.hooks.onEnded(this);
  }

  private describeEnd(): { end: CallEnd; problem: PhoneProblem | null } {
    if (this.failure) return { end: { cause: 'failed', sipStatus: null, hungUpBy: 'system' }, problem: this.failure };
    if (this.answeredAt !== null) return { end: { cause: 'hangup', sipStatus: null, hungUpBy: this.byeBy ?? 'remote' }, problem: null };
    if (this.direction === 'outbound') {
      const response = this.finalResponse?.message;
      if (response) return callEndFromStatus(response.statusCode ?? 500, response.reasonPhrase ?? null, this.cancelledBy);
      if (this.cancelledBy) return callEndFromStatus(487, null, this.cancelledBy);
      return { end: { cause: 'failed', sipStatus: null, hungUpBy: 'system' }, problem: problems.callFailed(null, 'no answer from the SIP server') };
    }
    if (this.declinedByAgent) return { end: { cause: 'declined', sipStatus: 603, hungUpBy: 'agent' }, problem: null };
    if (this.remoteCancelled) return { end: { cause: 'cancelled', sipStatus: 487, hungUpBy: 'remote' }, problem: null };
    return { end: { cause: 'no-answer', sipStatus: 480, hungUpBy: 'system' }, problem: null };
  }

  private update(change: () => void): void {
    change();
    this.hooks.onChange(this);
  }
}
