import assert from 'node:assert/strict';
import type { CallEvent } from '../../../connector/src/domain/call-event.js';
import type { CallResult } from '../../../connector/src/domain/call-record.js';
import { callLogFromRecord } from '../../../connector/src/domain/call-log-from-record.js';
import { callLogSubject, formatTalkTime } from '../../../connector/src/domain/call-log-subject.js';
import { foldCallEvents } from '../../../connector/src/domain/fold-call-events.js';
import type { CallLog } from '../../../connector/src/crm/call-log.js';
import { CALL_ID, answered, at, dialing, ended, held, resumed, ringing, transferred, wrapup } from './call-events.js';

const CONTACT = { objectType: 'Contact', id: '003000000000001' } as const;

function logOf(events: readonly CallEvent[], owner: string | null = '005000000000007'): CallLog | null {
  const record = foldCallEvents(events);
  assert.ok(record !== null);
  return callLogFromRecord(record, owner);
}

describe('callLogFromRecord', () => {
  it('builds the whole log of an ended call', () => {
    const log = logOf([
      dialing(0, { record: CONTACT }),
      ringing(1),
      answered(8),
      held(20),
      resumed(50),
      transferred(190, '+14155550100'),
      ended(230, 'hangup', { hungUpBy: 'agent', sipStatus: 200 }),
      wrapup(240, 'Transferred to sales', 'Wants a demo'),
    ]);
    assert.deepEqual(log, {
      callId: CALL_ID,
      ownerCrmId: '005000000000007',
      direction: 'outbound',
      from: 'sip:agent-7@pbx.example.com',
      to: '+14155552671',
      record: CONTACT,
      startedAt: at(0),
      answeredAt: at(8),
      endedAt: at(230),
      durationSeconds: 192,
      holdSeconds: 30,
      result: 'answered',
      sipStatus: 200,
      disposition: 'Transferred to sales',
      notes: 'Wants a demo',
      transferTarget: '+14155550100',
      subject: 'Outbound call to +1 415 555 2671 — answered, 3m 12s',
    } satisfies CallLog);
  });

  it('is null while the call has not ended, so the outbox waits', () => {
    assert.equal(logOf([dialing(0)]), null);
    assert.equal(logOf([dialing(0), ringing(1), answered(3), held(5)]), null);
    assert.equal(logOf([dialing(0), wrapup(5, 'Sale', null)]), null);
  });

  it('is null for an ended call whose dialing or ringing has not arrived yet', () => {
    assert.equal(logOf([answered(3), ended(9, 'hangup')]), null);
    assert.notEqual(logOf([answered(3), ended(9, 'hangup'), dialing(0)]), null);
  });

  it('passes an unknown owner through as null', () => {
    assert.equal(logOf([dialing(0), ended(4, 'cancelled')], null)?.ownerCrmId, null);
  });

  it('is built for a wrapped-up call too, with the corrected disposition', () => {
    const log = logOf([
      dialing(0), ended(4, 'busy', { sipStatus: 486 }), wrapup(9, 'Busy', null), wrapup(12, 'Call back', 'at 5'),
    ]);
    assert.equal(log?.disposition, 'Call back');
    assert.equal(log?.notes, 'at 5');
    assert.equal(log?.subject, 'Outbound call to +1 415 555 2671 — busy');
  });
});

describe('callLogSubject', () => {
  const CASES: ReadonlyArray<readonly [string, Parameters<typeof callLogSubject>[0], string]> = [
    [
      'an answered outbound call',
      { direction: 'outbound', from: 'sip:agent-7@pbx', to: '+14155552671', result: 'answered', talkSeconds: 192 },
      'Outbound call to +1 415 555 2671 — answered, 3m 12s',
    ],
    [
      'a missed inbound call',
      { direction: 'inbound', from: '+442079460958', to: 'sip:agent-7@pbx', result: 'no-answer', talkSeconds: 0 },
      'Inbound call from +44 20 7946 0958 — no answer',
    ],
    [
      'a SIP URI, as it is',
      { direction: 'outbound', from: '201', to: 'sip:alice@example.com', result: 'declined', talkSeconds: 0 },
      'Outbound call to sip:alice@example.com — declined',
    ],
    [
      'an extension, as it is',
      { direction: 'outbound', from: '201', to: '204', result: 'answered', talkSeconds: 5 },
      'Outbound call to 204 — answered, 5s',
    ],
    [
      'a withheld caller',
      { direction: 'inbound', from: '', to: '201', result: 'answered', talkSeconds: 3600 },
      'Inbound call from an unknown number — answered, 1h 0m 0s',
    ],
    [
      'a number libphonenumber cannot format, as it is',
      { direction: 'outbound', from: '201', to: '+999123456', result: 'failed', talkSeconds: 0 },
      'Outbound call to +999123456 — failed',
    ],
    [
      'a party with line breaks and control characters, on one line',
      { direction: 'inbound', from: 'sip:evil@x\r\nSubject: hi\u0000', to: '201', result: 'cancelled', talkSeconds: 0 },
      'Inbound call from sip:evil@xSubject: hi — cancelled',
    ],
  ];
  for (const [name, call, subject] of CASES) {
    it(`names ${name}`, () => {
      assert.equal(callLogSubject(call), subject);
    });
  }

  it('cuts a very long party', () => {
    const subject = callLogSubject({
      direction: 'outbound', from: '201', to: `sip:${'a'.repeat(300)}@example.com`, result: 'busy', talkSeconds: 0,
    });
    assert.equal(subject, `Outbound call to sip:${'a'.repeat(75)}… — busy`);
  });

  const RESULTS: ReadonlyArray<readonly [CallResult, string]> = [
    ['answered', 'answered, 0s'],
    ['no-answer', 'no answer'],
    ['busy', 'busy'],
    ['declined', 'declined'],
    ['cancelled', 'cancelled'],
    ['failed', 'failed'],
    ['abandoned', 'abandoned'],
  ];
  for (const [result, text] of RESULTS) {
    it(`writes the result ${result} as "${text}"`, () => {
      const subject = callLogSubject({ direction: 'outbound', from: '201', to: '204', result, talkSeconds: 0 });
      assert.equal(subject, `Outbound call to 204 — ${text}`);
    });
  }
});

describe('formatTalkTime', () => {
  const CASES: ReadonlyArray<readonly [number, string]> = [
    [0, '0s'],
    [1, '1s'],
    [59, '59s'],
    [60, '1m 0s'],
    [192, '3m 12s'],
    [3599, '59m 59s'],
    [3600, '1h 0m 0s'],
    [3725, '1h 2m 5s'],
    [90061, '25h 1m 1s'],
    [-5, '0s'],
    [Number.NaN, '0s'],
  ];
  for (const [seconds, text] of CASES) {
    it(`writes ${seconds} seconds as ${text}`, () => {
      assert.equal(formatTalkTime(seconds), text);
    });
  }
});
