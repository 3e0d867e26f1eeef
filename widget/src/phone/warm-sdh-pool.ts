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

  close(): void {
    this.closed = true;
    this.spare?.close();
    this.spare = undefined;
  }

  private build(logger: ConstructorParameters<typeof Web.SessionDescriptionHandler>[0]): Web.SessionDescriptionHandler {
    return new Web.SessionDescriptionHandler(logger, () => this.options.microphoneStream(), {
      iceGatheringTimeout: this.options.iceGatheringTimeoutMs,
      peerConnectionConfiguration: { iceServers: this.options.iceServers, bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require' },
    });
  }
}
