import assert from 'node:assert/strict';
import { CALL_EVENT_TYPES } from '../../../connector/src/domain/call-event.js';
import type { CallEventType } from '../../../connector/src/domain/call-event.js';
import type { CallState } from '../../../connector/src/domain/call-record.js';
import {
  CALL_ENTRY_STATES,
  CALL_STATES,
  CALL_TRANSITIONS,
  nextCallState,
} from '../../../connector/src/domain/call-state-machine.js';

/**
 * The lifecycle written out by hand, one row per state (null: before the first event), one column per event, in
 * CALL_EVENT_TYPES order: dialing, ringing, answered, held, resumed, transferred, ended, wrapup, heartbeat.
 * `=` means the event is ignored and the state stays.
 */
const EXPECTED: ReadonlyArray<readonly [CallState | null, readonly (CallState | '=')[]]> = [
  [null, ['dialing', 'ringing', 'talking', 'dialing', 'dialing', 'dialing', 'ended', 'dialing', 'dialing']],
  ['dialing', ['=', 'ringing', 'talking', '=', '=', '=', 'ended', '=', '=']],
  ['ringing', ['=', '=', 'talking', '=', '=', 'ringing', 'ended', '=', '=']],
  ['talking', ['=', '=', '=', 'held', '=', 'talking', 'ended', '=', '=']],
  ['held', ['=', '=', '=', '=', 'talking', 'held', 'ended', '=', '=']],
  ['ended', ['=', '=', '=', '=', '=', '=', '=', 'wrapped-up', '=']],
  ['wrapped-up', ['=', '=', '=', '=', '=', '=', '=', 'wrapped-up', '=']],
];

describe('call state machine', () => {
  it('lists every state, in lifecycle order', () => {
    assert.deepEqual(CALL_STATES, ['dialing', 'ringing', 'talking', 'held', 'ended', 'wrapped-up']);
    assert.deepEqual(
      EXPECTED.map(([state]) => state),
      [null, ...CALL_STATES],
    );
  });

  for (const [state, row] of EXPECTED) {
    CALL_EVENT_TYPES.forEach((event: CallEventType, i) => {
      const cell = row[i];
      assert.ok(cell !== undefined, 'the expected table has a cell for every event');
      const expected = cell === '=' ? state : cell;
      const what = cell === '=' ? `ignores ${event}` : `goes to ${expected} on ${event}`;
      it(`${state ?? '(no event yet)'} ${what}`, () => {
        assert.equal(nextCallState(state, event), expected);
      });
    });
  }

  it('agrees with the exported tables, which list exactly the accepted transitions', () => {
    for (const [state, row] of EXPECTED) {
      CALL_EVENT_TYPES.forEach((event, i) => {
        const cell = row[i];
        if (state === null) {
          assert.equal(CALL_ENTRY_STATES[event], cell);
        } else {
          assert.equal(CALL_TRANSITIONS[state][event], cell === '=' ? undefined : cell, `${state} on ${event}`);
        }
      });
    }
  });

  it('never lets a heartbeat move a call', () => {
    for (const state of CALL_STATES) {
      assert.equal(nextCallState(state, 'heartbeat'), state);
    }
  });

  it('freezes its tables', () => {
    assert.ok(Object.isFrozen(CALL_TRANSITIONS));
    assert.ok(CALL_STATES.every((state) => Object.isFrozen(CALL_TRANSITIONS[state])));
    assert.ok(Object.isFrozen(CALL_ENTRY_STATES));
  });
});
