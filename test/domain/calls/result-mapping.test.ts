import assert from 'node:assert/strict';
import type { EndCause } from '../../../connector/src/domain/call-event.js';
import type { CallResult } from '../../../connector/src/domain/call-record.js';
import { foldCallEvents } from '../../../connector/src/domain/fold-call-events.js';
import { resultFromEnd } from '../../../connector/src/domain/result-from-end.js';
import { resultFromSip } from '../../../connector/src/domain/result-from-sip.js';
import { answered, dialing, ended } from './call-events.js';

describe('resultFromSip', () => {
  const CASES: ReadonlyArray<readonly [number, CallResult | null, string]> = [
    [100, null, 'Trying is not final'],
    [180, null, 'Ringing is not final'],
    [183, null, 'Session Progress is not final'],
    [200, 'answered', 'OK'],
    [202, 'answered', 'Accepted'],
    [302, 'failed', 'a redirect not followed reached nobody'],
    [380, 'failed', 'Alternative Service'],
    [400, 'failed', 'Bad Request'],
    [401, 'failed', 'Unauthorized: the network refused the caller'],
    [403, 'failed', 'Forbidden: the network refused the caller'],
    [404, 'failed', 'Not Found (Q.850 1, unallocated number)'],
    [407, 'failed', 'Proxy Authentication Required'],
    [408, 'no-answer', 'Request Timeout'],
    [410, 'failed', 'Gone (number changed)'],
    [480, 'no-answer', 'Temporarily Unavailable'],
    [481, 'failed', 'Call/Transaction Does Not Exist'],
    [484, 'failed', 'Address Incomplete'],
    [485, 'failed', 'Ambiguous'],
    [486, 'busy', 'Busy Here'],
    [487, 'cancelled', 'Request Terminated'],
    [488, 'failed', 'Not Acceptable Here'],
    [500, 'failed', 'Server Internal Error'],
    [502, 'failed', 'Bad Gateway'],
    [503, 'failed', 'Service Unavailable'],
    [504, 'failed', 'Server Time-out'],
    [600, 'busy', 'Busy Everywhere'],
    [603, 'declined', 'Decline'],
    [604, 'failed', 'Does Not Exist Anywhere'],
    [606, 'failed', 'Not Acceptable'],
    [607, 'declined', 'Unwanted'],
    [608, 'failed', 'Rejected by an intermediary'],
    [699, 'failed', 'unknown 6xx'],
    [99, null, 'below the status range'],
    [700, null, 'above the status range'],
    [486.5, null, 'not an integer'],
    [Number.NaN, null, 'NaN'],
  ];
  for (const [status, expected, why] of CASES) {
    it(`reads ${status} as ${expected ?? 'nothing'} (${why})`, () => {
      assert.equal(resultFromSip(status), expected);
    });
  }
});

describe('resultFromEnd', () => {
  const CAUSES: readonly EndCause[] = ['hangup', 'cancelled', 'busy', 'no-answer', 'declined', 'failed', 'heartbeat-timeout'];

  it('calls every answered call answered, whatever the cause or status', () => {
    for (const cause of CAUSES) {
      for (const sipStatus of [null, 200, 486, 487, 503]) {
        assert.equal(resultFromEnd({ answered: true, cause, sipStatus }), 'answered', `${cause} ${sipStatus}`);
      }
    }
  });

  const UNANSWERED: ReadonlyArray<readonly [EndCause, number | null, CallResult]> = [
    ['cancelled', null, 'cancelled'],
    ['busy', null, 'busy'],
    ['no-answer', null, 'no-answer'],
    ['declined', null, 'declined'],
    ['failed', null, 'failed'],
    ['heartbeat-timeout', null, 'abandoned'],
    ['failed', 486, 'busy'],
    ['failed', 600, 'busy'],
    ['failed', 480, 'no-answer'],
    ['failed', 408, 'no-answer'],
    ['failed', 487, 'cancelled'],
    ['failed', 603, 'declined'],
    ['failed', 404, 'failed'],
    ['failed', 503, 'failed'],
    ['failed', 180, 'failed'],
    ['failed', 200, 'failed'],
    ['busy', 603, 'busy'],
    ['cancelled', 486, 'cancelled'],
    ['heartbeat-timeout', 486, 'abandoned'],
    ['hangup', null, 'answered'],
    ['hangup', 487, 'cancelled'],
  ];
  for (const [cause, sipStatus, expected] of UNANSWERED) {
    it(`maps an unanswered ${cause} with status ${sipStatus ?? 'none'} to ${expected}`, () => {
      assert.equal(resultFromEnd({ answered: false, cause, sipStatus }), expected);
    });
  }

  it('treats a cause it does not know like failed, refined by the status', () => {
    const unknown = 'exploded' as EndCause;
    assert.equal(resultFromEnd({ answered: false, cause: unknown, sipStatus: null }), 'failed');
    assert.equal(resultFromEnd({ answered: false, cause: unknown, sipStatus: 486 }), 'busy');
  });
});

describe('the result of a folded call', () => {
  it('is answered after an answer, even when the widget went silent mid-call', () => {
    const record = foldCallEvents([dialing(0), answered(5), ended(65, 'heartbeat-timeout', { hungUpBy: 'system' })]);
    assert.equal(record?.result, 'answered');
    assert.equal(record?.endCause, 'heartbeat-timeout');
    assert.equal(record?.talkSeconds, 60);
  });

  it('is abandoned when the widget went silent before answer', () => {
    const record = foldCallEvents([dialing(0), ended(30, 'heartbeat-timeout', { hungUpBy: 'system' })]);
    assert.equal(record?.result, 'abandoned');
  });

  it('uses the SIP status of a failed call', () => {
    const record = foldCallEvents([dialing(0), ended(3, 'failed', { sipStatus: 486 })]);
    assert.equal(record?.result, 'busy');
    assert.equal(record?.endCause, 'failed');
    assert.equal(record?.sipStatus, 486);
  });

  it('is null while the call goes on', () => {
    assert.equal(foldCallEvents([dialing(0), answered(5)])?.result, null);
  });
});
