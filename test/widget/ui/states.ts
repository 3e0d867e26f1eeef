import type { CallItem, WidgetState } from '../../../widget/src/ui/widget-state.js';

/** A signed-in, registered, idle widget; tests override what they look at. */
export function idleState(overrides: Partial<WidgetState> = {}): WidgetState {
  return {
    session: 'ready',
    sessionMessage: null,
    signInMethods: ['key'],
    signingInWith: null,
    agentName: 'Maria Gonzalez',
    registration: 'registered',
    registrationMessage: null,
    notice: null,
    resolving: false,
    calls: [],
    focusedCallId: null,
    transfer: null,
    wrapUp: null,
    wrapUpsWaiting: 0,
    dispositions: ['Interested'],
    recent: [],
    settingsOpen: false,
    devices: { microphones: [], speakers: [], microphone: null, speaker: null, canChooseSpeaker: true },
    ...overrides,
  };
}

export function callItem(overrides: Partial<CallItem> = {}): CallItem {
  return {
    callId: 'c1',
    direction: 'outbound',
    state: 'established',
    onHold: false,
    muted: false,
    name: null,
    number: '+14155552671',
    answeredAt: 1_000_000,
    consult: false,
    ...overrides,
  };
}
