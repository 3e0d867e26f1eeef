import type { CrmSignIn, SignInMethod } from '../connector/agent-session.js';
import type { CallDirection, CallState } from '../phone/call-state.js';
import type { RegistrationState } from '../phone/registration-state.js';

/**
 * What the visible softphone renders, and the only thing it reads. The app owns it and hands a fresh snapshot to the
 * view after every change; the view never reaches into the phone, the connector or the host.
 */
export interface WidgetState {
  /**
   * ```
   *  signed-out --key, CRM popup, kept session--> signing-in --settings with a SIP account--> ready
   *      ^                                          |    \--no SIP account, connector unreachable--> no-phone
   *      +--refused, popup blocked or closed--------+                        (try again --> signing-in)
   *      +--sign out; session ended (refused by the connector, or past its maximum age) from ready or no-phone
   * ```
   * A session that ended leaves calls in progress up: the phone stays registered, and the same agent signing in
   * again finds them.
   */
  readonly session: 'signed-out' | 'signing-in' | 'no-phone' | 'ready';
  /** Why the agent is on the sign-in screen or the no-phone screen, in words that say what to do. */
  readonly sessionMessage: string | null;
  /** The sign-ins the connector offers, in the order to show them; `key` is always there. */
  readonly signInMethods: readonly SignInMethod[];
  /** The sign-in under way while `session` is `signing-in` (null when a kept session is being used). */
  readonly signingInWith: SignInMethod | null;
  readonly agentName: string | null;
  readonly registration: RegistrationState;
  /** The phone's problem message while registration is failed or reconnecting. */
  readonly registrationMessage: string | null;
  /** The last thing the agent must be told about an action (a refused number, a failed hold). */
  readonly notice: Notice | null;
  /** A number is being resolved: the Call button shows it and does not take a second click. */
  readonly resolving: boolean;
  /** Calls not yet ended, oldest first. */
  readonly calls: readonly CallItem[];
  /** The call the in-call panel shows; the others are listed as on hold. */
  readonly focusedCallId: string | null;
  readonly transfer: TransferState | null;
  /** The oldest ended call still waiting for its wrap-up, and how many wait in all. */
  readonly wrapUp: WrapUpItem | null;
  readonly wrapUpsWaiting: number;
  readonly dispositions: readonly string[];
  /** This session's finished calls, newest first. */
  readonly recent: readonly RecentCall[];
  readonly settingsOpen: boolean;
  readonly devices: DeviceChoices;
}

export interface Notice {
  readonly tone: 'error' | 'info';
  readonly text: string;
}

export interface CallItem {
  readonly callId: string;
  readonly direction: CallDirection;
  readonly state: CallState;
  readonly onHold: boolean;
  readonly muted: boolean;
  /** The caller's or callee's name from the CRM, when known. */
  readonly name: string | null;
  /** The number as the agent knows it (resolved display, or the caller's user part). */
  readonly number: string;
  /** Epoch ms; the panel's timer counts from it. */
  readonly answeredAt: number | null;
  /** A consultation call placed to complete an attended transfer. */
  readonly consult: boolean;
}

/**
 * ```
 *  choosing --blind--> (transfer sent, call ends)
 *     |  \--attended--> consulting --complete--> (both calls end)
 *     +---cancel--------------+-------cancel--> (consult hung up, call resumed)
 * ```
 */
export interface TransferState {
  readonly callId: string;
  readonly stage: 'choosing' | 'consulting';
  readonly consultCallId: string | null;
}

export interface WrapUpItem {
  readonly callId: string;
  readonly name: string | null;
  readonly number: string;
  readonly direction: CallDirection;
  readonly result: string;
}

export interface RecentCall {
  readonly callId: string;
  readonly name: string | null;
  /** The number as the call showed it; a call back dials what the first call dialled, with its record. */
  readonly number: string;
  readonly direction: CallDirection;
  /** Answered, Busy, No answer, Declined, Missed, Cancelled, Failed, Transferred. */
  readonly result: string;
  /** Talk time in seconds; null when the call was never answered. */
  readonly durationS: number | null;
}

export interface DeviceChoice {
  readonly id: string;
  readonly label: string;
}

export interface DeviceChoices {
  readonly microphones: readonly DeviceChoice[];
  readonly speakers: readonly DeviceChoice[];
  /** Null is the system default. */
  readonly microphone: string | null;
  readonly speaker: string | null;
  /** False when the browser cannot route audio output (no `setSinkId`). */
  readonly canChooseSpeaker: boolean;
}

/** What the view calls back. Every action is fire-and-forget: its outcome comes back as a new state. */
export interface WidgetActions {
  /** Signs in with a sign-in key the admin gave; the key is not kept. */
  signInWithKey(key: string): void;
  /** Signs in with the CRM's account in a popup; call it from the click, so the popup is not blocked. */
  signInWithCrm(crm: CrmSignIn): void;
  signOut(): void;
  retrySettings(): void;
  dial(number: string): void;
  callBack(callId: string): void;
  answer(callId: string): void;
  decline(callId: string): void;
  hangup(callId: string): void;
  setMuted(callId: string, muted: boolean): void;
  hold(callId: string): void;
  resume(callId: string): void;
  /** Brings a held call to the panel, holding the one talking. */
  switchTo(callId: string): void;
  sendDtmf(callId: string, digit: string): void;
  startTransfer(callId: string): void;
  transferBlind(number: string): void;
  transferAttended(number: string): void;
  completeTransfer(): void;
  cancelTransfer(): void;
  saveWrapUp(disposition: string | null, notes: string): void;
  skipWrapUp(): void;
  openSettings(): void;
  closeSettings(): void;
  selectMicrophone(deviceId: string | null): void;
  selectSpeaker(deviceId: string | null): void;
  dismissNotice(): void;
}
