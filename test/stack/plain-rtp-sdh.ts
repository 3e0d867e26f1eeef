import {
  SessionDescriptionHandlerError,
  type BodyAndContentType,
  type Session,
  type SessionDescriptionHandler,
  type SessionDescriptionHandlerFactory,
  type SessionDescriptionHandlerModifier,
  type SessionDescriptionHandlerOptions,
} from 'sip.js';

/** An SDP media direction (RFC 3264). */
export type MediaDirection = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';

/**
 * Options sip.js passes through to the handler. sip.js 0.21 asks for hold the way its own web handler reads it:
 * `session.invite({ sessionDescriptionHandlerOptions: { hold: true } })` (or `sessionDescriptionHandlerOptionsReInvite`
 * with `hold` set, as its SessionManager does), and `hold: false` to resume.
 */
export interface PlainRtpSdhOptions extends SessionDescriptionHandlerOptions {
  hold?: boolean;
}

export interface PlainRtpSdhFactoryOptions {
  /** What `sendDtmf` returns: false tells the caller RFC 4733 is unavailable, so it falls back to SIP INFO. Default true. */
  readonly dtmfResult?: boolean;
  /** RTP port written in the SDP (nothing listens on it). Default 40000. */
  readonly rtpPort?: number;
}

/**
 * Offer/answer state of the handler.
 * ```
 *            getDescription (offer)              setDescription (answer)
 *   stable ------------------------> have-local-offer ------------------> stable
 *     |   <------------------------
 *     |      rollbackDescription
 *     |  setDescription (offer)                getDescription (answer)
 *     +------------------------> have-remote-offer -------------------> stable
 *   any --close--> closed
 * ```
 */
export type OfferAnswerState = 'stable' | 'have-local-offer' | 'have-remote-offer' | 'closed';

type OfferAnswerEvent = 'local-offer' | 'local-answer' | 'remote-offer' | 'remote-answer' | 'rollback' | 'close';

/** The one transition function of {@link OfferAnswerState}; throws on an event the state does not allow. */
export function nextOfferAnswerState(state: OfferAnswerState, event: OfferAnswerEvent): OfferAnswerState {
  if (event === 'close') return 'closed';
  switch (state) {
    case 'stable':
    case 'have-local-offer':
      if (event === 'local-offer') return 'have-local-offer';
      if (event === 'remote-offer') return 'have-remote-offer';
      if (state === 'have-local-offer' && event === 'remote-answer') return 'stable';
      if (event === 'rollback') return 'stable';
      break;
    case 'have-remote-offer':
      if (event === 'local-answer') return 'stable';
      if (event === 'remote-offer') return 'have-remote-offer';
      if (event === 'rollback') return 'stable';
      break;
    case 'closed':
      break;
  }
  throw new SessionDescriptionHandlerError(`${event} is not allowed in offer/answer state ${state}`);
}

/**
 * A sip.js SessionDescriptionHandler for Node tests: no media at all, just a plain RTP/AVP SDP (PCMU 0,
 * telephone-event 101) that sipp and Kamailio accept. It honours hold (offers `a=sendonly`, answers the mirror of
 * the peer's direction) and records what was exchanged so a test can assert it.
 */
export class PlainRtpSessionDescriptionHandler implements SessionDescriptionHandler {
  /** The last SDP this side produced (offer or answer), after modifiers. */
  lastLocalSdp: string | undefined;
  /** The last SDP the peer sent. */
  lastRemoteSdp: string | undefined;
  /** Every tone string passed to `sendDtmf`, in order. */
  readonly dtmfSent: string[] = [];
  /** What the last `enableSenderTracks` said, as the web handler's microphone track `enabled` would be. */
  senderTracksEnabled = true;
  private state: OfferAnswerState = 'stable';
  private version = 0;
  private readonly sessionId = String(Date.now());

  constructor(private readonly options: PlainRtpSdhFactoryOptions = {}) {}

  get offerAnswerState(): OfferAnswerState {
    return this.state;
  }

  /** The direction of the last local SDP, e.g. `sendonly` while this side holds the call. */
  get localDirection(): MediaDirection | undefined {
    return this.lastLocalSdp === undefined ? undefined : directionOf(this.lastLocalSdp);
  }

  /** The direction of the peer's last SDP. */
  get remoteDirection(): MediaDirection | undefined {
    return this.lastRemoteSdp === undefined ? undefined : directionOf(this.lastRemoteSdp);
  }

  /** The web handler's way to stop sending the microphone (mute, hold) without renegotiating. */
  enableSenderTracks(enable: boolean): void {
    this.senderTracksEnabled = enable;
  }

  close(): void {
    this.state = nextOfferAnswerState(this.state, 'close');
  }

  async getDescription(
    options?: PlainRtpSdhOptions,
    modifiers?: Array<SessionDescriptionHandlerModifier>,
  ): Promise<BodyAndContentType> {
    const answering = this.state === 'have-remote-offer';
    this.state = nextOfferAnswerState(this.state, answering ? 'local-answer' : 'local-offer');
    const hold = options?.hold === true;
    const direction = answering ? answerDirection(directionOf(this.lastRemoteSdp ?? ''), hold) : hold ? 'sendonly' : 'sendrecv';
    this.lastLocalSdp = await applyModifiers({ type: answering ? 'answer' : 'offer', sdp: this.sdp(direction) }, modifiers);
    return { body: this.lastLocalSdp, contentType: 'application/sdp' };
  }

  hasDescription(contentType: string): boolean {
    return contentType.split(';')[0]?.trim().toLowerCase() === 'application/sdp';
  }

  async setDescription(
    sdp: string,
    _options?: PlainRtpSdhOptions,
    modifiers?: Array<SessionDescriptionHandlerModifier>,
  ): Promise<void> {
    const answer = this.state === 'have-local-offer';
    if (!/^v=0/m.test(sdp) || !/^m=audio /m.test(sdp)) {
      throw new SessionDescriptionHandlerError('Remote description is not an SDP with an audio stream');
    }
    const modified = await applyModifiers({ type: answer ? 'answer' : 'offer', sdp }, modifiers);
    this.state = nextOfferAnswerState(this.state, answer ? 'remote-answer' : 'remote-offer');
    this.lastRemoteSdp = modified;
  }

  async rollbackDescription(): Promise<void> {
    this.state = nextOfferAnswerState(this.state, 'rollback');
  }

  sendDtmf(tones: string): boolean {
    const sent = this.options.dtmfResult ?? true;
    if (sent) this.dtmfSent.push(tones);
    return sent;
  }

  private sdp(direction: MediaDirection): string {
    this.version++;
    return [
      'v=0',
      `o=- ${this.sessionId} ${this.version} IN IP4 127.0.0.1`,
      's=-',
      'c=IN IP4 127.0.0.1',
      't=0 0',
      `m=audio ${this.options.rtpPort ?? 40000} RTP/AVP 0 101`,
      'a=rtpmap:0 PCMU/8000',
      'a=rtpmap:101 telephone-event/8000',
      'a=fmtp:101 0-16',
      'a=ptime:20',
      `a=${direction}`,
      '',
    ].join('\r\n');
  }
}

/**
 * A `sessionDescriptionHandlerFactory` for `UserAgentOptions` that builds a {@link PlainRtpSessionDescriptionHandler}
 * per session. Reach a session's handler with {@link plainRtpHandlerOf}.
 */
export function plainRtpSdhFactory(options: PlainRtpSdhFactoryOptions = {}): SessionDescriptionHandlerFactory {
  return (_session: Session) => new PlainRtpSessionDescriptionHandler(options);
}

/** The session's handler, typed; throws when the session has none yet or it was built by another factory. */
export function plainRtpHandlerOf(session: Session): PlainRtpSessionDescriptionHandler {
  const handler = session.sessionDescriptionHandler;
  if (!(handler instanceof PlainRtpSessionDescriptionHandler)) {
    throw new Error('This session has no PlainRtpSessionDescriptionHandler (not yet established, or another factory)');
  }
  return handler;
}

/** The session-level or first media-level direction attribute of an SDP; sendrecv when none is written. */
export function directionOf(sdp: string): MediaDirection {
  const match = /^a=(sendrecv|sendonly|recvonly|inactive)\s*$/m.exec(sdp);
  return (match?.[1] as MediaDirection | undefined) ?? 'sendrecv';
}

/** The shape of the browser's RTCSessionDescriptionInit, which sip.js modifiers take and return. */
interface Description {
  type: 'offer' | 'answer' | 'pranswer' | 'rollback';
  sdp?: string;
}

/** Runs sip.js's one-time modifiers in order, as its web handler does, and returns the resulting SDP. */
async function applyModifiers(initial: Description, modifiers: SessionDescriptionHandlerModifier[] | undefined): Promise<string> {
  let description: Description = initial;
  for (const modify of modifiers ?? []) description = await modify(description);
  return description.sdp ?? '';
}

/** RFC 3264 answer to an offered direction, narrowed to not sending when this side holds. */
function answerDirection(offered: MediaDirection, hold: boolean): MediaDirection {
  const mirror: Record<MediaDirection, MediaDirection> = {
    sendrecv: 'sendrecv',
    sendonly: 'recvonly',
    recvonly: 'sendonly',
    inactive: 'inactive',
  };
  const answer = mirror[offered];
  if (!hold) return answer;
  return answer === 'sendrecv' ? 'sendonly' : answer === 'recvonly' ? 'inactive' : answer;
}
