import type { Session, SessionDescriptionHandlerFactory } from 'sip.js';
// The handler's own module, not sip.js's `Web` namespace: that one drags SimpleUser and SessionManager into the bundle.
import * as Web from 'sip.js/lib/platform/web/session-description-handler/index.js';

export interface WarmSdhPoolOptions {
  /** A fresh stream over the already-open microphone: no getUserMedia on the click path. */
  readonly microphoneStream: () => Promise<MediaStream>;
  readonly iceServers: RTCIceServer[];
  /** Upper bound on ICE gathering; with no STUN/TURN, host candidates finish in a few milliseconds anyway. */
  readonly iceGatheringTimeoutMs: number;
}

/** How long after the first host candidate the rest of the burst (other interfaces, IPv6) is given to arrive. */
const HOST_CANDIDATE_BURST_MS = 20;

/**
 * Fast dialling: keeps one WebRTC session description handler (and so its `RTCPeerConnection`) built ahead of the
 * next call, and feeds it the warm microphone, so a click goes straight to createOffer and the INVITE.
 */
export class WarmSdhPool {
  private spare: Web.SessionDescriptionHandler | undefined;
  private closed = false;

  constructor(private readonly options: WarmSdhPoolOptions) {}

  readonly factory: SessionDescriptionHandlerFactory = (session: Session) => {
    const logger = session.userAgent.getLogger('sip.SessionDescriptionHandler');
    const handler = this.spare ?? this.build(logger);
    this.spare = undefined;
    // Build the next one after this call's offer is under way, not on its critical path.
    setTimeout(() => {
      if (!this.closed && !this.spare) this.spare = this.build(logger);
    }, 0);
    return handler;
  };

  /** Builds the spare ahead of the first call, so even that one skips building its peer connection. */
  warm(session: Pick<Session, 'userAgent'>): void {
    if (!this.closed && !this.spare) this.spare = this.build(session.userAgent.getLogger('sip.SessionDescriptionHandler'));
  }

  close(): void {
    this.closed = true;
    this.spare?.close();
    this.spare = undefined;
  }

  private build(logger: ConstructorParameters<typeof Web.SessionDescriptionHandler>[0]): Web.SessionDescriptionHandler {
    const handler = new Web.SessionDescriptionHandler(logger, () => this.options.microphoneStream(), {
      iceGatheringTimeout: this.options.iceGatheringTimeoutMs,
      peerConnectionConfiguration: { iceServers: this.options.iceServers, bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require' },
    });
    if (this.options.iceServers.length === 0) {
      // With no STUN/TURN there is nothing to wait for beyond the host candidates, which arrive in one burst; the
      // browser's own "complete" can come much later, and the INVITE waits on it.
      let timer: ReturnType<typeof setTimeout> | undefined;
      handler.peerConnectionDelegate = {
        onicecandidate: (event) => {
          if (!event.candidate || timer !== undefined) return;
          timer = setTimeout(() => {
            timer = undefined;
            handler.iceGatheringComplete();
          }, HOST_CANDIDATE_BURST_MS);
        },
      };
    }
    return handler;
  }
}
