import type { PhoneProblem } from './phone-problem.js';

/** The sentences an agent reads; one place so hosts, UI and tests agree. */
export const problems = {
  microphoneDenied: (): PhoneProblem => ({
    code: 'microphone-denied',
    message: 'The browser blocked the microphone. Allow microphone access for this page, then call again.',
  }),
  microphoneMissing: (): PhoneProblem => ({
    code: 'microphone-missing',
    message: 'No microphone was found. Plug in a headset or microphone, then call again.',
  }),
  registrationRefused: (status: number): PhoneProblem => ({
    code: 'registration-refused',
    message: `The SIP server refused your account (${status}). Ask your admin to check your SIP username and password.`,
  }),
  serverUnreachable: (server: string): PhoneProblem => ({
    code: 'server-unreachable',
    message: `Cannot reach the SIP server ${server}. Retrying; check your network connection.`,
  }),
  insecureServer: (server: string): PhoneProblem => ({
    code: 'insecure-server',
    message: `The SIP server ${server} is not secure (ws://). Ask your admin for a wss:// address.`,
  }),
  notRegistered: (): PhoneProblem => ({
    code: 'not-registered',
    message: 'The phone is not connected yet, so it cannot call. Wait for "Ready" and try again.',
  }),
  busy: (): PhoneProblem => ({ code: 'busy', message: 'The line is busy.' }),
  noAnswer: (): PhoneProblem => ({ code: 'no-answer', message: 'Nobody answered.' }),
  declined: (): PhoneProblem => ({ code: 'declined', message: 'The call was declined.' }),
  callFailed: (status: number | null, reason: string | null): PhoneProblem => ({
    code: 'call-failed',
    message:
      status === null
        ? `The call failed${reason ? `: ${reason}` : ''}.`
        : `The call failed: the network answered ${status}${reason ? ` ${reason}` : ''}.`,
  }),
};

/** Maps a getUserMedia failure to what the agent must do; anything else is not a microphone problem. */
export function microphoneProblem(error: unknown): PhoneProblem | null {
  const name = error instanceof Error || (typeof error === 'object' && error !== null && 'name' in error) ? String((error as { name: unknown }).name) : '';
  if (name === 'NotAllowedError' || name === 'SecurityError') return problems.microphoneDenied();
  if (name === 'NotFoundError' || name === 'OverconstrainedError' || name === 'NotReadableError') return problems.microphoneMissing();
  return null;
}
