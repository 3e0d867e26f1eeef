import type { CallEnd } from './call-state.js';
import type { PhoneProblem } from './phone-problem.js';
import { problems } from './phone-problems.js';

/**
 * What a final non-2xx answer to our INVITE means to the agent. `cancelledByUs` tells a 487 we caused (the agent hung
 * up, or our ring timeout gave up) from one the network caused.
 */
export function callEndFromStatus(
  status: number,
  reason: string | null,
  cancelledBy: 'agent' | 'system' | null,
): { end: CallEnd; problem: PhoneProblem | null } {
  if (status === 487 && cancelledBy) {
    return cancelledBy === 'system'
      ? { end: { cause: 'no-answer', sipStatus: 487, hungUpBy: 'system' }, problem: problems.noAnswer() }
      : { end: { cause: 'cancelled', sipStatus: 487, hungUpBy: 'agent' }, problem: null };
  }
  if (status === 486 || status === 600) return { end: { cause: 'busy', sipStatus: status, hungUpBy: 'remote' }, problem: problems.busy() };
  if (status === 603) return { end: { cause: 'declined', sipStatus: status, hungUpBy: 'remote' }, problem: problems.declined() };
  if (status === 408 || status === 480 || status === 487) {
    return { end: { cause: 'no-answer', sipStatus: status, hungUpBy: 'remote' }, problem: problems.noAnswer() };
  }
  return { end: { cause: 'failed', sipStatus: status, hungUpBy: 'system' }, problem: problems.callFailed(status, reason) };
}
