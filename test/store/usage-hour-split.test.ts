import assert from 'node:assert/strict';
import { dayShift, splitHours } from '../../connector/src/store/usage-hour-split.js';

const HOUR = 3_600_000;

describe('usage hour split', () => {
  it('splits an hour range into whole UTC days and the hours around them', () => {
    assert.deepEqual(splitHours(23, 24 * 3 + 1), { days: { from: 1, to: 3 }, edges: [{ from: 23, to: 24 }, { from: 72, to: 73 }] });
    assert.deepEqual(splitHours(24, 72), { days: { from: 1, to: 3 }, edges: [] });
    assert.deepEqual(splitHours(25, 47), { days: null, edges: [{ from: 25, to: 47 }] });
    assert.deepEqual(splitHours(30, 30), { days: null, edges: [] });
  });

  it('counts a UTC day on the local day most of its hours fall on, and moves the others', () => {
    assert.deepEqual(dayShift(0), { shift: 0, moved: null });
    assert.deepEqual(dayShift(HOUR), { shift: 0, moved: { from: 23, to: 24 } }); // London in summer
    assert.deepEqual(dayShift(-5 * HOUR), { shift: 0, moved: { from: 0, to: 5 } }); // New York in winter
    assert.deepEqual(dayShift(5.5 * HOUR), { shift: 0, moved: { from: 19, to: 24 } }); // Kolkata: 18:30 UTC is local midnight
    assert.deepEqual(dayShift(13 * HOUR), { shift: 1, moved: { from: 0, to: 11 } }); // Auckland in summer
    assert.deepEqual(dayShift(-12 * HOUR), { shift: -1, moved: { from: 12, to: 24 } });
  });
});
