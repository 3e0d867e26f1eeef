import type { CallDirection, CallEnd, CallState } from './call-state.js';
import type { PhoneProblem } from './phone-problem.js';

/** What the UI and hosts may read of a call. */
export interface PhoneCallView {
  /** The SIP Call-ID: the key of the call at the connector and in the CRM. */
  readonly callId: string;
  readonly direction: CallDirection;
  /** The far end: its URI, the number or extension in it (user part), and a display name when the peer sent one. */
  readonly remote: { readonly uri: string; readonly user: string; readonly displayName: string | null };
  /** Our side, as the From (outbound) or To (inbound) user part. */
  readonly local: string;
  readonly state: CallState;
  readonly onHold: boolean;
  readonly muted: boolean;
  /** Epoch ms. */
  readonly startedAt: number;
  readonly answeredAt: number | null;
  readonly endedAt: number | null;
  readonly end: CallEnd | null;
  readonly problem: PhoneProblem | null;
  /** Set once the agent transferred the call (blind or attended) and the far end accepted the REFER. */
  readonly transferredTo: { readonly target: string; readonly mode: 'blind' | 'attended' } | null;
}

/**
 * One call with its controls. Every control MUST reject with an Error whose message an agent can read when the call
 * is not in a state that allows it (answering an outbound call, holding a ringing one), and MUST NOT change the call.
 */
export interface PhoneCall extends PhoneCallView {
  /** Answers an incoming call; any other established call is put on hold first (call waiting). */
  answer(): Promise<void>;
  /** Refuses an incoming call with 603 Decline. */
  decline(): Promise<void>;
  /** Ends the call whatever its state: CANCEL while dialing or ringing, BYE once established. */
  hangup(): Promise<void>;
  /** re-INVITE with `a=sendonly`; resolves when the far end accepted it. */
  hold(): Promise<void>;
  resume(): Promise<void>;
  /** Stops sending the microphone without signalling. */
  setMuted(muted: boolean): void;
  /** RFC 4733 through the RTP sender when it can, SIP INFO otherwise. Digits: 0-9 * # A-D and `,` (a 2 s pause). */
  sendDtmf(digits: string): Promise<void>;
  /** Blind transfer: REFER to `target` (a SIP URI); the call ends once the far end accepted the REFER. */
  transfer(target: string): Promise<void>;
  /** Attended transfer: REFER with `Replaces` to `other`, an established call of this phone. */
  transferTo(other: PhoneCall): Promise<void>;
}
