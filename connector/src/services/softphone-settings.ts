/** A STUN or TURN server as `RTCPeerConnection` takes it. */
export interface IceServer {
  readonly urls: string;
}

/**
 * The tenant's softphone settings, from the configuration: what every agent's widget gets unless its own SIP account
 * says otherwise.
 */
export interface SoftphoneSettings {
  /** Domain of an agent's SIP address when the account names none (`SIP_DOMAIN`). */
  readonly sipDomain: string;
  /** The SIP server's WebSocket URL (`SIP_WS_URL`); null when the tenant has none and each account must name its own. */
  readonly wsServer: string | null;
  /** Empty unless configured: nothing depends on a public STUN server by default. */
  readonly iceServers: readonly IceServer[];
  readonly heartbeatIntervalS: number;
  readonly dispositions: readonly string[];
}

/**
 * How often a widget sends a heartbeat during a call: a third of the connector's silence timeout, so two heartbeats
 * may be lost before the call is taken for dead; never more often than every 5 s.
 */
export function heartbeatIntervalS(heartbeatTimeoutMs: number): number {
  return Math.max(5, Math.floor(heartbeatTimeoutMs / 3 / 1000));
}

/** Offered in the wrap-up form unless `WRAPUP_DISPOSITIONS` says otherwise. */
export const DEFAULT_DISPOSITIONS: readonly string[] = Object.freeze([
  'Connected',
  'Left voicemail',
  'No answer',
  'Wrong number',
  'Call back later',
  'Not interested',
]);

/** The configuration's defaults (`SIP_DOMAIN` aside), for an app built without a configuration (tests). */
export const DEFAULT_SOFTPHONE_SETTINGS: SoftphoneSettings = Object.freeze({
  sipDomain: 'pbx.demo.test',
  wsServer: null,
  iceServers: Object.freeze([]),
  heartbeatIntervalS: heartbeatIntervalS(90_000),
  dispositions: DEFAULT_DISPOSITIONS,
});
