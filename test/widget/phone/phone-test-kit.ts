import type { CallState } from '../../../widget/src/phone/call-state.js';
import type { PhoneCall } from '../../../widget/src/phone/phone-call.js';
import type { PhoneProblem } from '../../../widget/src/phone/phone-problem.js';
import type { RegistrationState } from '../../../widget/src/phone/registration-state.js';
import { createSipPhone, type SipPhoneOptions } from '../../../widget/src/phone/sip-phone.js';
import type { SoftPhone } from '../../../widget/src/phone/soft-phone.js';
import { plainRtpSdhFactory, type KamailioStack } from '../../stack/sip-stack.js';

/** A phone under test, with everything it emitted, as a UI would have seen it. */
export interface WatchedPhone {
  readonly phone: SoftPhone;
  readonly registrations: { state: RegistrationState; problem: PhoneProblem | null }[];
  readonly calls: PhoneCall[];
  /** Each call's distinct states in order, by Call-ID. */
  readonly states: Map<string, CallState[]>;
  /** Fires the browser's `online` event at the phone. */
  goOnline(): void;
}

export const PASSWORDS = { alice: 'alice-Long-Secret-1', bob: 'bob-Long-Secret-2' } as const;

export function watchPhone(
  stack: KamailioStack,
  user: keyof typeof PASSWORDS,
  options: Partial<SipPhoneOptions> & { password?: string; dtmfOverRtp?: boolean; wsServer?: string; callerId?: string } = {},
): WatchedPhone {
  const online = new Set<() => void>();
  const phone = createSipPhone(
    {
      aor: `sip:${user}@${stack.domain}`,
      authorizationUsername: user,
      authorizationPassword: options.password ?? PASSWORDS[user],
      wsServer: options.wsServer ?? stack.wsUrl,
      displayName: user === 'alice' ? 'Alice Agent' : 'Bob Agent',
      iceServers: [],
      ...(options.callerId ? { callerId: options.callerId } : {}),
    },
    {
      media: null,
      sessionDescriptionHandlerFactory: plainRtpSdhFactory({ dtmfResult: options.dtmfOverRtp ?? false }),
      reconnectBaseMs: 200,
      reconnectMaxMs: 1000,
      extensionDelayMs: 100,
      onOnline: (listener) => {
        online.add(listener);
        return () => online.delete(listener);
      },
      ...options,
    },
  );
  const watched: WatchedPhone = {
    phone,
    registrations: [],
    calls: [],
    states: new Map(),
    goOnline: () => online.forEach((l) => l()),
  };
  phone.on('registration', (state, problem) => watched.registrations.push({ state, problem }));
  const note = (call: PhoneCall) => {
    const list = watched.states.get(call.callId) ?? [];
    if (list.at(-1) !== call.state) list.push(call.state);
    watched.states.set(call.callId, list);
  };
  phone.on('call', (call) => {
    watched.calls.push(call);
    note(call);
  });
  phone.on('callchange', note);
  return watched;
}

/** Polls until `check` holds, or fails naming what it waited for. */
export async function waitFor(what: string, check: () => boolean, timeoutMs = 8000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
