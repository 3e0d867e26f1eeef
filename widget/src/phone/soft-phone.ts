import type { PhoneCall } from './phone-call.js';
import type { PhoneProblem } from './phone-problem.js';
import type { RegistrationState } from './registration-state.js';

/** What the connector resolved a click to; the phone dials `sipUri` and sends `extension` as DTMF after answer. */
export interface DialTarget {
  readonly sipUri: string;
  readonly extension: string | null;
  readonly display: string;
}

export interface SoftPhoneEvents {
  registration: (state: RegistrationState, problem: PhoneProblem | null) => void;
  /** A new call, outbound (from `dial`) or inbound (ringing). */
  call: (call: PhoneCall) => void;
  /** Any change of a call: state, hold, mute, end. */
  callchange: (call: PhoneCall) => void;
}

/**
 * The softphone as UI and hosts use it. Implementations know nothing of the DOM or of CRMs.
 *
 * Contract:
 * - `start` resolves once the first registration attempt settled (registered, or failed with `problem` set) and
 *   MUST keep the account registered afterwards: refresh before expiry, reconnect with backoff after a lost
 *   transport, re-register at once on the browser's `online` event.
 * - `dial` MUST put the INVITE on the wire before it resolves and MUST reject with a readable Error when not
 *   registered or when the microphone cannot be had; the returned call then reports every change through `callchange`.
 * - `calls` holds the calls not yet ended, oldest first.
 */
export interface SoftPhone {
  readonly registration: RegistrationState;
  readonly problem: PhoneProblem | null;
  readonly calls: readonly PhoneCall[];
  start(): Promise<void>;
  stop(): Promise<void>;
  /**
   * Takes no more calls, for now: MUST unregister at once and refuse every INVITE that still arrives (480, never a
   * `call` event), while the calls in progress go on undisturbed (the session that used the phone ended under them).
   * `start` registers again and takes calls again; `stop` ends everything.
   */
  unregister(): Promise<void>;
  dial(target: DialTarget): Promise<PhoneCall>;
  /** Audio devices; null picks the system default. Applies to calls in progress too. */
  selectMicrophone(deviceId: string | null): Promise<void>;
  selectSpeaker(deviceId: string | null): Promise<void>;
  /**
   * New digest credentials for the same account (time-limited ones renewed). Calls and the registration MUST go on
   * undisturbed; the next challenge (the registration's refresh, a new call) answers with these. A registration the
   * server refused is tried again with them.
   */
  updateCredentials(username: string, password: string): void;
  on<E extends keyof SoftPhoneEvents>(event: E, listener: SoftPhoneEvents[E]): () => void;
}
