/**
 * A call's life as the agent sees it.
 * ```
 *  outbound: dialing --1xx--> ringing --2xx--> established --BYE--> ended
 *  inbound:             ringing (incoming) --answer--> established
 *  any state ----------------- failure, cancel, decline, hang-up ----------> ended
 * ```
 * Hold and mute are flags of an established call, not states: a held call is still established.
 */
export type CallState = 'dialing' | 'ringing' | 'established' | 'ended';

export type CallDirection = 'inbound' | 'outbound';

/** Why a call ended, in the connector's words (`ended` event). */
export type EndCause = 'hangup' | 'cancelled' | 'busy' | 'no-answer' | 'declined' | 'failed';

export interface CallEnd {
  readonly cause: EndCause;
  /** The final SIP status that ended it (486, 487, 603, ...), null for a BYE or a local failure. */
  readonly sipStatus: number | null;
  readonly hungUpBy: 'agent' | 'remote' | 'system' | null;
}
