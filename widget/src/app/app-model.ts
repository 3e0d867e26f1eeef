import type { ConnectorApi } from '../connector/connector-api.js';
import type { PhoneProblem } from '../phone/phone-problem.js';
import type { RegistrationState } from '../phone/registration-state.js';
import type { SoftPhone } from '../phone/soft-phone.js';
import type { DeviceChoices, Notice, RecentCall, TransferState, WidgetState } from '../ui/widget-state.js';
import type { CallLog } from './app-ports.js';
import { callItem, wrapUpItem, type CallEntry } from './call-book.js';

/** The parts that exist while an agent is signed in with a phone. */
export interface SignedInParts {
  readonly connector: ConnectorApi;
  readonly phone: SoftPhone | null;
  readonly callLog: CallLog | null;
}

/**
 * The app's state, shared by its flows (session, calls, transfer, devices) and turned into the `WidgetState` snapshot
 * the view renders. Flows change fields and call `emit`; lists are replaced, never mutated in place, so the view can
 * tell by identity what changed.
 */
export class AppModel {
  session: WidgetState['session'] = 'signed-out';
  sessionMessage: string | null = null;
  signInMethods: WidgetState['signInMethods'] = ['key'];
  signingInWith: WidgetState['signingInWith'] = null;
  agentName: string | null = null;
  registration: RegistrationState = 'unregistered';
  registrationProblem: PhoneProblem | null = null;
  notice: Notice | null = null;
  resolving = false;
  focusedCallId: string | null = null;
  transfer: TransferState | null = null;
  wrapUps: readonly CallEntry[] = [];
  recent: readonly RecentCall[] = [];
  dispositions: readonly string[] = [];
  settingsOpen = false;
  devices: DeviceChoices;
  parts: SignedInParts | null = null;
  /** Calls not yet ended, in the order they began. */
  readonly entries = new Map<string, CallEntry>();
  private readonly listeners = new Set<(state: WidgetState) => void>();

  constructor(canChooseSpeaker: boolean) {
    this.devices = { microphones: [], speakers: [], microphone: null, speaker: null, canChooseSpeaker };
  }

  snapshot(): WidgetState {
    const first = this.wrapUps[0];
    return {
      session: this.session,
      sessionMessage: this.sessionMessage,
      signInMethods: this.signInMethods,
      signingInWith: this.signingInWith,
      agentName: this.agentName,
      registration: this.registration,
      registrationMessage: this.registrationProblem?.message ?? null,
      notice: this.notice,
      resolving: this.resolving,
      calls: [...this.entries.values()].map(callItem),
      focusedCallId: this.focusedCallId,
      transfer: this.transfer,
      wrapUp: first ? wrapUpItem(first) : null,
      wrapUpsWaiting: this.wrapUps.length,
      dispositions: this.dispositions,
      recent: this.recent,
      settingsOpen: this.settingsOpen,
      devices: this.devices,
    };
  }

  subscribe(listener: (state: WidgetState) => void): () => void {
    this.listeners.add(listener);
    listener(this.snapshot());
    return () => this.listeners.delete(listener);
  }

  emit(): void {
    const state = this.snapshot();
    for (const listener of this.listeners) listener(state);
  }

  tell(tone: Notice['tone'], text: string): void {
    this.notice = { tone, text };
    this.emit();
  }

  /** The newest call still going, for focus after the focused one ended. */
  lastCallId(): string | null {
    let last: string | null = null;
    for (const id of this.entries.keys()) last = id;
    return last;
  }

  /** A call that is talking (established and not held), which a new call must not talk over. */
  talkingCall(): CallEntry | null {
    for (const e of this.entries.values()) if (e.call.state === 'established' && !e.call.onHold) return e;
    return null;
  }
}
