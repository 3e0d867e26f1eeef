import { Invitation, Inviter, UserAgent, type Session, type SessionDescriptionHandlerFactory } from 'sip.js';
import type { MediaPort } from './media-port.js';
import type { PhoneCall } from './phone-call.js';
import type { PhoneProblem } from './phone-problem.js';
import { microphoneProblem, problems } from './phone-problems.js';
import { RegistrationKeeper } from './registration-keeper.js';
import type { RegistrationState } from './registration-state.js';
import { SipCall } from './sip-call.js';
import type { SipAccount } from './sip-account.js';
import type { DialTarget, SoftPhone, SoftPhoneEvents } from './soft-phone.js';
import { TypedEmitter } from './typed-emitter.js';
import { WarmSdhPool } from './warm-sdh-pool.js';
import { isSecureWebSocket } from './websocket-address.js';

export interface SipPhoneOptions {
  /** Audio devices; null runs without media (Node tests give their own description handler). */
  readonly media: MediaPort | null;
  /** Replaces the browser's WebRTC handler (Node tests: plain RTP). */
  readonly sessionDescriptionHandlerFactory?: SessionDescriptionHandlerFactory;
  /** Subscribes to the browser's `online` event; the default listens on `globalThis` when it can. */
  readonly onOnline?: (listener: () => void) => () => void;
  readonly registerExpiresS?: number;
  readonly reconnectBaseMs?: number;
  readonly reconnectMaxMs?: number;
  readonly iceGatheringTimeoutMs?: number;
  /** An outbound call still ringing after this long is cancelled and logged as not answered. */
  readonly ringTimeoutS?: number;
  /** An incoming call not answered after this long is refused with 480 and logged as missed. */
  readonly noAnswerTimeoutS?: number;
  /** Wait after answer before sending a number's extension, so the far end's menu is listening. */
  readonly extensionDelayMs?: number;
  /** Give up waiting for the answer to a CANCEL after this long (default 64 x T1 = 32 s, RFC 3261 9.1). */
  readonly cancelAnswerTimeoutMs?: number;
  readonly now?: () => number;
  readonly log?: (message: string) => void;
}

const DEFAULTS = {
  registerExpiresS: 300,
  reconnectBaseMs: 1000,
  reconnectMaxMs: 30_000,
  iceGatheringTimeoutMs: 300,
  ringTimeoutS: 60,
  noAnswerTimeoutS: 45,
  extensionDelayMs: 1500,
  cancelAnswerTimeoutMs: 32_000,
};

/** Builds the softphone for one agent's SIP account. */
export function createSipPhone(account: SipAccount, options: SipPhoneOptions): SoftPhone {
  return new SipPhone(account, options);
}

/**
 * The softphone on sip.js: one UserAgent and its registration, the calls in progress, and the media port. It knows
 * nothing of the DOM or of CRMs; the UI, hosts and the call reporter follow it through its events.
 */
export class SipPhone implements SoftPhone {
  private readonly emitter: TypedEmitter<SoftPhoneEvents>;
  private readonly ua: UserAgent;
  private readonly keeper: RegistrationKeeper;
  private readonly pool: WarmSdhPool | null;
  private readonly live: SipCall[] = [];
  private readonly ringTimers = new Map<SipCall, ReturnType<typeof setTimeout>>();
  private readonly settings: typeof DEFAULTS;
  private readonly now: () => number;
  private readonly log: (message: string) => void;
  private blocked: PhoneProblem | null = null;
  private microphone: PhoneProblem | null = null;
  /** Set by `unregister`, cleared by `start`: INVITEs are refused meanwhile. */
  private refusing = false;

  constructor(
    private readonly account: SipAccount,
    private readonly options: SipPhoneOptions,
  ) {
    this.settings = { ...DEFAULTS, ...definedOnly(options) };
    this.now = options.now ?? Date.now;
    this.log = options.log ?? (() => {});
    this.emitter = new TypedEmitter((error) => this.log(`listener failed: ${String(error)}`));
    const media = options.media;
    this.pool =
      options.sessionDescriptionHandlerFactory || !media
        ? null
        : new WarmSdhPool({
            microphoneStream: () => media.microphoneStream(),
            iceServers: account.iceServers.map((s) => ({ ...s, urls: typeof s.urls === 'string' ? s.urls : [...s.urls] })),
            iceGatheringTimeoutMs: this.settings.iceGatheringTimeoutMs,
          });
    const sdhFactory = options.sessionDescriptionHandlerFactory ?? this.pool?.factory;
    const uri = UserAgent.makeURI(account.aor);
    if (!uri) throw new Error(`${account.aor} is not a SIP address of record.`);
    this.ua = new UserAgent({
      uri,
      authorizationUsername: account.authorizationUsername,
      authorizationPassword: account.authorizationPassword,
      ...(account.displayName ? { displayName: account.displayName } : {}),
      transportOptions: { server: account.wsServer, connectionTimeout: 5, keepAliveInterval: 25 },
      noAnswerTimeout: this.settings.noAnswerTimeoutS,
      logBuiltinEnabled: false,
      logLevel: 'error',
      logConnector: (level, category, _label, content) => {
        if (level === 'error' || level === 'warn') this.log(`${category}: ${content}`);
      },
      ...(sdhFactory ? { sessionDescriptionHandlerFactory: sdhFactory } : {}),
      delegate: {
        onDisconnect: (error) => {
          if (error) this.keeper.onDisconnect();
        },
        onInvite: (invitation) => this.onInvite(invitation),
      },
    });
    this.keeper = new RegistrationKeeper({
      ua: this.ua,
      server: account.wsServer,
      expiresS: this.settings.registerExpiresS,
      reconnectBaseMs: this.settings.reconnectBaseMs,
      reconnectMaxMs: this.settings.reconnectMaxMs,
      onOnline: options.onOnline ?? listenOnline,
      onChange: (state, problem) => this.emitter.emit('registration', state, problem ?? this.microphone),
      onRecovered: () => this.recoverMedia(),
      log: this.log,
    });
  }

  get registration(): RegistrationState {
    return this.blocked ? 'failed' : this.keeper.state;
  }

  get problem(): PhoneProblem | null {
    return this.blocked ?? this.keeper.problem ?? this.microphone;
  }

  get calls(): readonly PhoneCall[] {
    return [...this.live];
  }

  on<E extends keyof SoftPhoneEvents>(event: E, listener: SoftPhoneEvents[E]): () => void {
    return this.emitter.on(event, listener);
  }

  async start(): Promise<void> {
    this.refusing = false;
    if (!isSecureWebSocket(this.account.wsServer)) {
      this.blocked = problems.insecureServer(this.account.wsServer);
      this.emitter.emit('registration', 'failed', this.blocked);
      return;
    }
    const warmUp = this.options.media?.prepare().then(
      () => {
        this.microphone = null;
      },
      (error: unknown) => {
        this.microphone = microphoneProblem(error) ?? problems.microphoneMissing();
        this.emitter.emit('registration', this.registration, this.problem);
      },
    );
    await Promise.all([this.keeper.start(), warmUp]);
    this.pool?.warm({ userAgent: this.ua });
  }

  async stop(): Promise<void> {
    await Promise.all(this.live.map((call) => call.hangup().catch(() => undefined)));
    await this.keeper.stop();
    await this.ua.stop().catch(() => undefined);
    this.pool?.close();
    this.options.media?.close();
  }

  /** The registration ends (REGISTER with Expires: 0) but the transport stays open: the calls in progress need it. */
  async unregister(): Promise<void> {
    this.refusing = true;
    await this.keeper.stop();
  }

  async dial(target: DialTarget): Promise<PhoneCall> {
    if (this.registration !== 'registered') throw new Error(problems.notRegistered().message);
    if (this.microphone && !(await this.retryMicrophone())) throw new Error(this.microphone.message);
    const uri = UserAgent.makeURI(target.sipUri);
    if (!uri) throw new Error(`${target.display} did not resolve to a SIP address that can be dialled.`);
    const inviter = new Inviter(this.ua, uri, {
      sessionDescriptionHandlerOptions: { constraints: { audio: true, video: false } } as never,
      extraHeaders: callerIdHeaders(this.account),
    });
    const call = this.track(inviter, target.extension);
    this.ringTimers.set(call, setTimeout(() => void call.giveUp(), this.settings.ringTimeoutS * 1000));
    try {
      await inviter.invite({
        requestDelegate: {
          onProgress: (response) => call.progressed(response.message.statusCode ?? 0),
          onReject: (response) => call.rejected(response),
          // sip.js hands a 3xx to its own delegate and ends the session: we do not follow redirects, so it is a failure.
          onRedirect: (response) => call.rejected(response),
        },
      });
    } catch (error) {
      const problem = microphoneProblem(error) ?? problems.callFailed(null, error instanceof Error ? error.message : String(error));
      if (problem.code.startsWith('microphone')) this.microphone = problem;
      call.failedToStart(problem);
      this.clearRingTimer(call);
      throw new Error(problem.message);
    }
    return call;
  }

  /** The agent may have allowed or plugged in a microphone since it failed: ask the browser again before refusing. */
  private async retryMicrophone(): Promise<boolean> {
    const media = this.options.media;
    if (!media) return false;
    try {
      await media.prepare();
      this.microphone = null;
      return true;
    } catch (error) {
      this.microphone = microphoneProblem(error) ?? problems.microphoneMissing();
      return false;
    }
  }

  async selectMicrophone(deviceId: string | null): Promise<void> {
    const media = this.options.media;
    if (!media) return;
    await media.setMicrophone(deviceId);
    this.microphone = null;
    for (const call of this.live) {
      const pc = (call.session.sessionDescriptionHandler as { peerConnection?: RTCPeerConnection } | undefined)?.peerConnection;
      const sender = pc?.getSenders().find((s) => s.track?.kind === 'audio');
      if (!sender) continue;
      const [track] = (await media.microphoneStream()).getAudioTracks();
      if (track) {
        track.enabled = !call.muted;
        await sender.replaceTrack(track);
      }
    }
  }

  async selectSpeaker(deviceId: string | null): Promise<void> {
    await this.options.media?.setSpeaker(deviceId);
  }

  updateCredentials(username: string, password: string): void {
    // sip.js builds the digest from its live options at every challenge, so the next re-REGISTER or INVITE uses these.
    const configuration = this.ua.configuration;
    configuration.authorizationUsername = username;
    configuration.authorizationPassword = password;
    if (!this.blocked) this.keeper.credentialsChanged();
  }

  private onInvite(invitation: Invitation): void {
    if (this.refusing) {
      // Temporarily Unavailable: a PBX may try the agent's other devices or its voicemail instead.
      invitation.reject({ statusCode: 480 }).catch((error: unknown) => this.log(`480 not sent: ${String(error)}`));
      return;
    }
    this.track(invitation, null);
    invitation.progress().catch((error: unknown) => this.log(`180 not sent: ${String(error)}`));
  }

  private track(session: Session, extension: string | null): SipCall {
    const call = new SipCall(session, {
      now: this.now,
      log: this.log,
      local: this.ua.configuration.uri.user ?? '',
      extension,
      extensionDelayMs: this.settings.extensionDelayMs,
      cancelAnswerTimeoutMs: this.settings.cancelAnswerTimeoutMs,
      onChange: (changed) => this.emitter.emit('callchange', changed),
      holdOthers: (except) => this.holdOthers(except),
      onEstablished: (established, s) => {
        this.clearRingTimer(established);
        const remote = (s.sessionDescriptionHandler as { remoteMediaStream?: MediaStream } | undefined)?.remoteMediaStream;
        if (remote) this.options.media?.attachRemote(established.callId, remote);
      },
      onEnded: (ended) => {
        this.clearRingTimer(ended);
        this.options.media?.attachRemote(ended.callId, null);
        const index = this.live.indexOf(ended);
        if (index >= 0) this.live.splice(index, 1);
      },
    });
    this.live.push(call);
    this.emitter.emit('call', call);
    return call;
  }

  private clearRingTimer(call: SipCall): void {
    clearTimeout(this.ringTimers.get(call));
    this.ringTimers.delete(call);
  }

  private async holdOthers(except: SipCall): Promise<void> {
    const others = this.live.filter((c) => c !== except && c.state === 'established' && !c.onHold);
    await Promise.all(others.map((c) => c.hold()));
  }

  private recoverMedia(): void {
    for (const call of this.live) {
      call.restartIce().catch((error: unknown) => this.log(`media recovery of ${call.callId} failed: ${String(error)}`));
    }
  }
}

function listenOnline(listener: () => void): () => void {
  const target = globalThis as { addEventListener?: (type: string, l: () => void) => void; removeEventListener?: (type: string, l: () => void) => void };
  if (!target.addEventListener) return () => {};
  target.addEventListener('online', listener);
  return () => target.removeEventListener?.('online', listener);
}

function definedOnly(options: SipPhoneOptions): Partial<typeof DEFAULTS> {
  const picked: Partial<typeof DEFAULTS> = {};
  for (const key of Object.keys(DEFAULTS) as (keyof typeof DEFAULTS)[]) {
    const value = options[key];
    if (typeof value === 'number') picked[key] = value;
  }
  return picked;
}

/** `P-Preferred-Identity` for the agent's caller id, on the account's domain (RFC 3325); none without one. */
function callerIdHeaders(account: SipAccount): string[] {
  const callerId = account.callerId;
  if (!callerId || !/^\+[1-9]\d{6,14}$/.test(callerId)) return [];
  const domain = UserAgent.makeURI(account.aor)?.host;
  return domain ? [`P-Preferred-Identity: <sip:${callerId}@${domain};user=phone>`] : [];
}
