import assert from 'node:assert/strict';
import fc from 'fast-check';
import { dayString, isTimeZone, localDate, localDayStart, offsetAt, offsetSegments } from '../../connector/src/domain/usage-time-zone.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const iso = (text: string) => Date.parse(text);

describe('usage time zones', () => {
  describe('offsetSegments', () => {
    it('splits a year in London at both DST changes, at 01:00 UTC', () => {
      const from = localDayStart('2026-01-01', 'Europe/London');
      const to = localDayStart('2027-01-01', 'Europe/London');
      assert.deepEqual(offsetSegments(from, to, 'Europe/London'), [
        { from, to: iso('2026-03-29T01:00:00Z'), offsetMs: 0 },
        { from: iso('2026-03-29T01:00:00Z'), to: iso('2026-10-25T01:00:00Z'), offsetMs: HOUR },
        { from: iso('2026-10-25T01:00:00Z'), to, offsetMs: 0 },
      ]);
    });

    it('gives one span for a zone without DST, and none for an empty range', () => {
      const from = iso('2026-01-01T00:00:00Z');
      assert.deepEqual(offsetSegments(from, from + 400 * DAY, 'Asia/Kolkata'), [{ from, to: from + 400 * DAY, offsetMs: 5.5 * HOUR }]);
      assert.deepEqual(offsetSegments(from, from, 'Europe/London'), []);
    });

    it('finds the half-hour DST change of Lord Howe Island', () => {
      const from = iso('2026-03-01T00:00:00Z');
      const segments = offsetSegments(from, iso('2026-05-01T00:00:00Z'), 'Australia/Lord_Howe');
      assert.deepEqual(segments.map((s) => s.offsetMs), [11 * HOUR, 10.5 * HOUR]);
      assert.equal(segments[0]?.to, iso('2026-04-04T15:00:00Z'));
    });

    it('covers any range without gaps, each span holding the offset Intl gives inside it', () => {
      const zones = ['Europe/London', 'America/New_York', 'America/Santiago', 'Asia/Kolkata', 'UTC', 'Australia/Lord_Howe'];
      fc.assert(
        fc.property(
          fc.constantFrom(...zones),
          fc.integer({ min: iso('2024-01-01T00:00:00Z'), max: iso('2028-01-01T00:00:00Z') }),
          fc.integer({ min: 0, max: 500 * DAY }),
          fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 5 }),
          (zone, from, length, picks) => {
            const to = from + length;
            const segments = offsetSegments(from, to, zone);
            let cursor = from;
            for (const segment of segments) {
              assert.equal(segment.from, cursor);
              assert.ok(segment.to > segment.from);
              for (const pick of picks) {
                const at = segment.from + Math.floor(pick * (segment.to - segment.from - 1));
                assert.equal(offsetAt(at, zone), segment.offsetMs, `${zone} at ${new Date(at).toISOString()}`);
              }
              cursor = segment.to;
            }
            assert.equal(cursor, to);
          },
        ),
        { numRuns: 200 },
      );
    });
  });

  describe('localDayStart', () => {
    it('is local midnight, in winter and in summer time', () => {
      assert.equal(localDayStart('2026-01-15', 'Europe/London'), iso('2026-01-15T00:00:00Z'));
      assert.equal(localDayStart('2026-07-15', 'Europe/London'), iso('2026-07-14T23:00:00Z'));
      assert.equal(localDayStart('2026-07-15', 'America/New_York'), iso('2026-07-15T04:00:00Z'));
      assert.equal(localDayStart('2026-07-15', 'Asia/Kolkata'), iso('2026-07-14T18:30:00Z'));
    });

    it('makes the days of a DST change 23 and 25 hours long', () => {
      const spring = localDayStart('2026-03-30', 'Europe/London') - localDayStart('2026-03-29', 'Europe/London');
      const autumn = localDayStart('2026-10-26', 'Europe/London') - localDayStart('2026-10-25', 'Europe/London');
      assert.deepEqual([spring / HOUR, autumn / HOUR], [23, 25]);
    });

    it('starts a day whose midnight the zone skips at the end of the gap', () => {
      // Chile moves its clocks from 00:00 to 01:00 on the first Sunday of September.
      const start = localDayStart('2026-09-06', 'America/Santiago');
      assert.equal(start, iso('2026-09-06T04:00:00Z'));
      assert.equal(localDate(start, 'America/Santiago'), '2026-09-06');
      assert.equal(localDate(start - 1, 'America/Santiago'), '2026-09-05');
    });

    it('refuses what is not a calendar date', () => {
      for (const bad of ['2026-02-30', '2026-13-01', '26-01-01', '2026-1-1', '', '2026-01-01T00:00']) {
        assert.throws(() => localDayStart(bad, 'UTC'), RangeError, bad);
      }
    });
  });

  it('knows IANA zones and refuses made-up ones', () => {
    assert.equal(isTimeZone('Europe/London'), true);
    assert.equal(isTimeZone('UTC'), true);
    assert.equal(isTimeZone('Mars/Olympus_Mons'), false);
    assert.equal(isTimeZone(''), false);
  });

  it('names day numbers as dates', () => {
    assert.equal(dayString(0), '1970-01-01');
    assert.equal(dayString(Math.floor(iso('2026-11-02T12:00:00Z') / DAY)), '2026-11-02');
  });
});
