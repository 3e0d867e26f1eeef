import assert from 'node:assert/strict';
import { callEndFromStatus } from '../../../widget/src/phone/call-end-from-status.js';

describe('callEndFromStatus: what a final answer to our INVITE tells the agent', () => {
  const table: [number, 'agent' | 'system' | null, string, string | null, string | null][] = [
    [486, null, 'busy', 'remote', 'busy'],
    [600, null, 'busy', 'remote', 'busy'],
    [603, null, 'declined', 'remote', 'declined'],
    [480, null, 'no-answer', 'remote', 'no-answer'],
    [408, null, 'no-answer', 'remote', 'no-answer'],
    [487, 'agent', 'cancelled', 'agent', null],
    [487, 'system', 'no-answer', 'system', 'no-answer'],
    [404, null, 'failed', 'system', 'call-failed'],
    [503, null, 'failed', 'system', 'call-failed'],
  ];
  for (const [status, cancelledBy, cause, hungUpBy, problem] of table) {
    it(`${status}${cancelledBy ? ` after a cancel by the ${cancelledBy}` : ''} ends the call as ${cause}`, () => {
      const result = callEndFromStatus(status, 'Reason', cancelledBy);
      assert.deepEqual(result.end, { cause, sipStatus: status, hungUpBy });
      assert.equal(result.problem?.code ?? null, problem);
    });
  }

  it('names the status in the message of a failure', () => {
    assert.match(callEndFromStatus(404, 'Not Found', null).problem?.message ?? '', /404 Not Found/);
  });
});
